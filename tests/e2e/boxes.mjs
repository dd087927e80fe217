// Every box staff write in, on the three fixtures (issue 11): the main compose boxes, replies,
// quotes, the boxes of an X thread, comments and replies to comments, a Facebook group. Each
// entry says where the box is, how to reach it, its own send control, and what kind of box it is.
import { PAGES, SITES } from './harness.mjs';

export const LANGUAGES = ['en', 'fi', 'sv'];

/**
 * @typedef {object} Box
 * @property {string} id          `<site>/<name>`, for test names
 * @property {'x'|'linkedin'|'facebook'} site
 * @property {string} url         the page it is on (the interface language goes on as ?hl=)
 * @property {string} box         selector of the contenteditable
 * @property {string} send        selector of its own send control (Post, Reply, Comment…)
 * @property {string} text        the name the page gives the box in window.__fixture.textOf()
 * @property {'post'|'reply'|'comment'} context  a new post, a reply, or a comment
 * @property {Record<string, string>} label  what the send control says, by interface language
 * @property {boolean} [enterSends]  Enter sends (Shift+Enter adds a line), as in Facebook comments
 * @property {number} [threadIndex]  a box of an X thread: "Add post" is pressed this many times first
 */

const X_POST = { en: 'Post', fi: 'Julkaise', sv: 'Lägg upp' };
const REPLY = { en: 'Reply', fi: 'Vastaa', sv: 'Svara' };
const COMMENT = { en: 'Comment', fi: 'Kommentoi', sv: 'Kommentera' };
const PUBLISH = { en: 'Post', fi: 'Julkaise', sv: 'Publicera' };
const xBox = (n) => `div.public-DraftEditor-content[data-testid="tweetTextarea_${n}"][role="textbox"][contenteditable="true"]`;
const quillIn = (scope) => `${scope} .ql-editor[contenteditable="true"]`;
const lexical = 'div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]';

/** @type {Box[]} */
export const BOXES = [
  { site: 'x', name: 'post', url: SITES.x.url, box: xBox(0), send: 'button[data-testid="tweetButton"]', text: 'tweetTextarea_0', context: 'post', label: X_POST },
  {
    site: 'x',
    name: 'thread, second post',
    url: SITES.x.url,
    box: xBox(1),
    send: 'button[data-testid="tweetButton"]',
    text: 'tweetTextarea_1',
    context: 'post',
    label: { en: 'Post all', fi: 'Julkaise kaikki', sv: 'Lägg upp alla' },
    threadIndex: 1,
  },
  { site: 'x', name: 'reply dialog', url: `${SITES.x.url}?fixture=reply`, box: xBox(0), send: 'button[data-testid="tweetButton"]', text: 'tweetTextarea_0', context: 'reply', label: REPLY },
  { site: 'x', name: 'inline reply', url: PAGES.x.status, box: xBox(0), send: 'button[data-testid="tweetButtonInline"]', text: 'tweetTextarea_0', context: 'reply', label: REPLY },
  { site: 'x', name: 'quote', url: `${SITES.x.url}?fixture=quote`, box: xBox(0), send: 'button[data-testid="tweetButton"]', text: 'tweetTextarea_0', context: 'post', label: X_POST },
  { site: 'linkedin', name: 'share box', url: SITES.linkedin.url, box: quillIn('.share-box'), send: 'button.share-actions__primary-action', text: 'share', context: 'post', label: PUBLISH },
  {
    site: 'linkedin',
    name: 'comment',
    url: PAGES.linkedin.update,
    box: quillIn('.comments-comment-box:not(.comments-comment-box--reply)'),
    send: '.comments-comment-box:not(.comments-comment-box--reply) button[type="submit"]',
    text: 'comment',
    context: 'comment',
    label: COMMENT,
  },
  {
    site: 'linkedin',
    name: 'reply to a comment',
    url: PAGES.linkedin.update,
    box: quillIn('.comments-comment-box--reply'),
    send: '.comments-comment-box--reply button[type="submit"]',
    text: 'reply',
    context: 'reply',
    label: REPLY,
  },
  { site: 'facebook', name: 'post', url: SITES.facebook.url, box: `div[role="dialog"] ${lexical}`, send: 'div[role="dialog"] .fb-post-button', text: 'post', context: 'post', label: PUBLISH },
  { site: 'facebook', name: 'group post', url: PAGES.facebook.group, box: `div[role="dialog"] ${lexical}`, send: 'div[role="dialog"] .fb-post-button', text: 'post', context: 'post', label: PUBLISH },
  {
    site: 'facebook',
    name: 'comment',
    url: PAGES.facebook.post,
    box: `.fb-comments > form ${lexical}`,
    send: '.fb-comments > form [role="button"]',
    text: 'comment',
    context: 'comment',
    label: COMMENT,
    enterSends: true,
  },
  {
    site: 'facebook',
    name: 'reply to a comment',
    url: PAGES.facebook.post,
    box: `.fb-comment form ${lexical}`,
    send: '.fb-comment form [role="button"]',
    text: 'reply',
    context: 'reply',
    label: REPLY,
    enterSends: true,
  },
].map((box) => ({ ...box, id: `${box.site}/${box.name}` }));

/**
 * The page of a box with its interface in `lang`, once its editors are ready and the box is there;
 * `answered` is the text of the post or comment a reply or comment answers, in place of the
 * fixture's own.
 */
export async function openBox(context, box, lang = 'en', answered = undefined) {
  const page = await context.newPage();
  const url = new URL(box.url);
  if (lang !== 'en') url.searchParams.set('hl', lang);
  if (answered !== undefined) url.searchParams.set('answered', answered);
  await page.goto(url.href);
  await page.waitForFunction((s) => window.__fixture?.site === s && window.__fixture.ready === true, box.site);
  for (let i = 0; i < (box.threadIndex ?? 0); i++) await page.locator('[data-testid="addButton"]').click();
  await page.locator(box.box).waitFor({ state: 'visible' });
  return page;
}

/**
 * Types into a box like a person: a click in it, the caret to the end, then key by key; "\n" is
 * a new line: Enter, or Shift+Enter where Enter sends.
 */
export async function typeIntoBox(page, box, text) {
  await page.locator(box.box).click();
  await page.keyboard.press('Control+End');
  for (const [i, line] of text.split('\n').entries()) {
    if (i > 0) await page.keyboard.press(box.enterSends ? 'Shift+Enter' : 'Enter');
    if (line) await page.keyboard.type(line);
  }
}

/** The box's text in its editor's own state. */
export function boxText(page, box) {
  return page.evaluate((name) => window.__fixture.textOf(name), box.text);
}

/** What the page has sent, each with the box it came from: [{ box, text }]. */
export function sent(page) {
  return page.evaluate(() => window.__fixture.sent);
}

/** What a send control says: its aria-label (Facebook's controls have one), else its text. */
export function sendLabel(page, box) {
  return page.locator(box.send).evaluate((control) => control.getAttribute('aria-label') ?? control.textContent.trim());
}
