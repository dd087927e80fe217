// Mastodon, turned on one server at a time, on the fixture of Mastodon's compose form (a React
// textarea): nothing runs before the person turns a server on; the popup offers it on a page with
// a Mastodon compose box; then the underline on the textarea's mirror lies on the text (the
// browser's own hit test of the textarea says which characters are under it, also after the
// textarea scrolled, resized and changed its font), the card, a fix through the textarea's own
// editing path undone with Ctrl+Z, the pre-post check; turning it off removes the script and the
// grant; the other server never runs; and no request leaves the browser.
//
// The browser's permission prompt cannot be answered in a headless browser, and no toolbar click
// can give the popup activeTab there: the test grants the origin the way a person can in the
// browser's own extension settings (chrome://extensions, site access), which is what the prompt's
// Allow does, and the popup's request then resolves at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SERVERS, SERVER_BOX, openServer } from './harness.mjs';
import { countColours } from './probes.mjs';
import { attackAdvice, card, dialogText, hoverFinding, inWorker, launchGuidepost, uiButton, underlined, waitForCheck, waitForDialog, waitForHint, waitForUnderline } from './guidepost.mjs';

const HETU = '131052-308T';
const HEATED = "Honestly, you're a moron. Mikä säälittävä idiootti.";
const POST = `Kiitos kaikille! Opiskelijan hetu on ${HETU}, korjatkaa rekisteri.`;

let browser;
before(async () => {
  browser = await launchGuidepost();
});
after(() => browser?.close());

/** The id of the tab showing `page`: found as the active tab, since a tab's URL is hidden without a grant. */
async function tabOf(page) {
  await page.bringToFront();
  return inWorker(browser, async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id);
}

/** The popup, opened as a tab about `page`'s tab. */
async function popupFor(page) {
  const tab = await tabOf(page);
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tab}`);
  await popup.waitForFunction(() => document.body.dataset.ready === 'true');
  return popup;
}

/**
 * What the browser's prompt does when the person allows an origin: granted in chrome://extensions'
 * site access, then asked for from an extension page with a user gesture (CDP's userGesture),
 * which the browser answers at once since it is granted.
 */
async function grant(origin) {
  const settings = await browser.context.newPage();
  await settings.goto('chrome://extensions');
  const error = await settings.evaluate(
    ({ id, pattern }) => new Promise((resolve) => chrome.developerPrivate.addHostPermission(id, pattern, () => resolve(chrome.runtime.lastError?.message ?? null))),
    { id: browser.extensionId, pattern: `${origin}/*` },
  );
  assert.equal(error, null);
  await settings.goto(`chrome-extension://${browser.extensionId}/popup/popup.html`);
  const session = await browser.context.newCDPSession(settings);
  const { result } = await session.send('Runtime.evaluate', { expression: `chrome.permissions.request({ origins: ['${origin}/*'] })`, userGesture: true, awaitPromise: true });
  assert.equal(result.value, true);
  await settings.close();
}

/** The worker's grants beyond the manifest's, and its registered scripts. */
function access() {
  return inWorker(browser, async () => ({
    origins: (await chrome.permissions.getAll()).origins.filter((origin) => !chrome.runtime.getManifest().host_permissions.includes(origin)),
    scripts: (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.matches).flat(),
  }));
}

async function type(page, text) {
  await page.locator(SERVER_BOX.composeBox).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** Whether a content script answers in `page`'s tab, or has drawn anything in it. */
async function guidepostOnPage(page) {
  const tab = await tabOf(page);
  const answers = await inWorker(browser, (id) => chrome.tabs.sendMessage(id, { type: 'summary' }).then(() => true, () => false), tab);
  return answers || (await page.evaluate(() => document.querySelector('guidepost-ui') !== null));
}
const editorText = (page) => page.evaluate(() => window.__fixture.getText());

/**
 * For each underline, the characters of the textarea under it by the browser's own hit test of the
 * textarea (caretPositionFromPoint gives the textarea and an offset into its value): for each of
 * the underline's boxes (one a line), the text between the offsets just inside its two ends.
 */
function textUnderUnderlines(page) {
  return page.evaluate(() => {
    const textarea = document.querySelector('textarea');
    return ['stop', 'warn', 'tip'].flatMap((severity) =>
      [...(CSS.highlights.get(`guidepost-${severity}`) ?? [])].map((range) =>
        [...range.getClientRects()]
          .map((rect) => {
            const y = rect.top + rect.height / 2;
            const at = (x) => {
              const position = document.caretPositionFromPoint(x, y);
              return position?.offsetNode === textarea ? position.offset : -1;
            };
            return textarea.value.slice(at(rect.left + 1), at(rect.right - 1));
          })
          .join(''),
      ),
    );
  });
}

test('nothing runs on a server before it is turned on, even once the browser granted it', async () => {
  const page = await openServer(browser.context, 'mastodon.social');
  await type(page, POST);
  const popup = await popupFor(page);
  // The popup found no content script in the tab, and without the toolbar click cannot look.
  assert.equal(await popup.locator('button[data-action="enable-server"]').count(), 0);
  await popup.close();
  assert.equal(await guidepostOnPage(page), false);
  assert.deepEqual(await access(), { origins: [], scripts: [] });
  await grant('https://mastodon.social');
  await page.reload();
  await page.waitForFunction(() => window.__fixture?.ready === true);
  await type(page, POST);
  assert.equal(await guidepostOnPage(page), false, 'a grant alone runs nothing');
  await page.close();
});

test('"Check on this site": the popup offers it on a Mastodon compose box, and Guidepost runs there', async () => {
  const about = await openServer(browser.context, 'mastodon.social', '/home?fixture=about');
  let popup = await popupFor(about);
  assert.equal(await popup.locator('button[data-action="enable-server"]').count(), 0, 'no offer on a page without a compose box');
  await popup.close();
  await about.close();

  const page = await openServer(browser.context, 'mastodon.social');
  await type(page, POST);
  popup = await popupFor(page);
  const offer = popup.locator('button[data-action="enable-server"]');
  assert.match(await popup.locator('#draft').textContent(), /mastodon\.social/);
  await offer.click();
  await popup.waitForSelector('button[data-action="disable-server"]');
  assert.match(await popup.locator('#site-status').textContent(), /mastodon\.social/);
  await popup.close();
  // Started in the tab it was turned on in, without a reload.
  await waitForCheck(page, POST.length);
  assert.deepEqual(await underlined(page), { stop: [HETU], warn: [], tip: [] });
  assert.deepEqual(await access(), { origins: ['https://mastodon.social/*'], scripts: ['https://mastodon.social/*'] });
  await page.close();
});

test('the underline lies on the flagged characters, also after scrolling, resizing and a font change', async () => {
  const page = await openServer(browser.context, 'mastodon.social');
  const attributes = await page.evaluate(() => [...document.querySelector('textarea').attributes].map((a) => `${a.name}=${a.value}`));
  await type(page, POST);
  await waitForCheck(page, POST.length);
  assert.deepEqual(await textUnderUnderlines(page), [HETU]);

  // Enough lines that the textarea scrolls its own text (5 rows of 20px show), the identity code
  // on the seventh line (130-150px from the top of its text).
  const lines = 'Line of an ordinary post.\n'.repeat(6);
  const long = `${lines}Hetu ${HETU} here.\n${lines}The end.`;
  await page.locator(SERVER_BOX.composeBox).fill('');
  await type(page, long);
  await waitForCheck(page, long.length);
  const scrollTo = async (top) => {
    await page.evaluate((y) => {
      document.querySelector('textarea').scrollTop = y;
    }, top);
    await page.waitForFunction((y) => document.querySelector('guidepost-ui').shadowRoot.querySelector('.mirror').scrollTop === y, top);
  };
  for (const top of [60, 100]) {
    await scrollTo(top);
    assert.deepEqual(await textUnderUnderlines(page), [HETU], `scrolled to ${top}px`);
  }
  // Scrolled out of the textarea's view, the underline is not drawn outside it.
  await scrollTo(0);
  assert.deepEqual(await textUnderUnderlines(page), ['']);
  await scrollTo(80);

  await page.setViewportSize({ width: 900, height: 700 });
  await page.evaluate(() => {
    document.querySelector('.drawer').style.width = '240px';
    document.querySelector('textarea').style.fontSize = '17px';
  });
  await page.waitForFunction(() => document.querySelector('guidepost-ui').shadowRoot.querySelector('.mirror').style.fontSize === '17px');
  assert.deepEqual(await textUnderUnderlines(page), [HETU]);

  // Guidepost changed nothing of the textarea but what was typed.
  await page.evaluate(() => {
    const textarea = document.querySelector('textarea');
    textarea.style.removeProperty('font-size');
    if (!textarea.getAttribute('style')) textarea.removeAttribute('style');
  });
  assert.deepEqual(await page.evaluate(() => [...document.querySelector('textarea').attributes].map((a) => `${a.name}=${a.value}`)), attributes);
  assert.equal(await editorText(page), long);
  await page.close();
});

test('where the drawer scrolls the textarea out of sight, the underline is hidden with it', async () => {
  const page = await openServer(browser.context, 'mastodon.social');
  await type(page, POST);
  await waitForCheck(page, POST.length);
  const red = { underline: [196, 23, 29] };
  const textarea = await page.locator(SERVER_BOX.composeBox).boundingBox();
  assert.ok((await countColours(page, textarea, red)).underline > 0, 'the underline is seen where the text shows');
  // The drawer's column scrolls its first 40px (the identity code's line) up under the search bar.
  await page.evaluate(() => {
    const inner = document.querySelector('.drawer__inner');
    inner.style.height = '150px';
    inner.scrollTop = 40;
  });
  const column = await page.locator('.drawer__inner').boundingBox();
  // The mirror has followed the scroll.
  await page.waitForFunction(() => {
    const mirror = document.querySelector('guidepost-ui').shadowRoot.querySelector('.mirror').getBoundingClientRect();
    return Math.abs(mirror.top - document.querySelector('textarea').getBoundingClientRect().top) < 0.5;
  });
  const above = { x: column.x, y: Math.max(0, column.y - 45), width: column.width, height: 45 };
  assert.equal((await countColours(page, above, red)).underline, 0, 'no underline over the search bar');
  await page.close();
});

test('card, a fix through the textarea (the site sees it, Ctrl+Z undoes it), and the pre-post check', async () => {
  const page = await openServer(browser.context, 'mastodon.social');
  await type(page, POST);
  await waitForCheck(page, POST.length);
  await hoverFinding(page, HETU, 'finnish-id');
  assert.match((await card(page)).text, /identity code/i);

  await page.locator(SERVER_BOX.postButton).click();
  await waitForDialog(page);
  assert.match(await dialogText(page), /identity code/i);
  assert.deepEqual(await page.evaluate(() => window.__fixture.posts), [], 'held: nothing posted');
  await uiButton(page, 'edit').click();
  await waitForDialog(page, false);
  await page.keyboard.press('Control+Enter');
  await waitForDialog(page);
  await uiButton(page, 'edit').click();
  await waitForDialog(page, false);

  await hoverFinding(page, HETU, 'finnish-id');
  await uiButton(page, 'mask').click();
  const masked = POST.replace(HETU, '•'.repeat(HETU.length));
  await page.waitForFunction((text) => window.__fixture.getText() === text, masked);
  await waitForUnderline(page, HETU, false);
  assert.equal(await page.locator(SERVER_BOX.composeBox).inputValue(), masked);
  await page.locator(SERVER_BOX.composeBox).focus();
  await page.keyboard.press('Control+z');
  await page.waitForFunction((text) => window.__fixture.getText() === text, POST);
  await waitForUnderline(page, HETU);

  // A clean post goes through; the form empties itself (no input event), and the underline goes with the text.
  await page.locator(SERVER_BOX.composeBox).fill('');
  await type(page, 'New paper out today, thanks to the whole team!');
  await waitForCheck(page, 46);
  await page.locator(SERVER_BOX.postButton).click();
  await page.waitForFunction(() => window.__fixture.posts.length === 1);
  assert.equal(await dialogText(page), null);
  await waitForCheck(page, 0);
  await page.close();
});

for (const lang of ['fi', 'sv']) {
  test(`interface in ${lang}: its Publish button with a stop finding is held too; Post anyway sends once`, async () => {
    const page = await openServer(browser.context, 'mastodon.social', `/home?hl=${lang}`);
    await type(page, POST);
    await waitForCheck(page, POST.length);
    await page.locator(SERVER_BOX.postEnabled).click();
    await waitForDialog(page);
    assert.deepEqual(await page.evaluate(() => window.__fixture.posts), []);
    await uiButton(page, 'post-anyway').click();
    await page.waitForFunction(() => window.__fixture.posts.length === 1);
    assert.deepEqual(await page.evaluate(() => window.__fixture.posts), [POST]);
    await page.close();
  });
}

test('a reply gets the advice on answering attacks', async () => {
  const page = await openServer(browser.context, 'mastodon.social', '/home?fixture=reply');
  await type(page, HEATED);
  await waitForCheck(page, HEATED.length);
  await waitForHint(page, 'heated-reply');
  assert.equal((await attackAdvice(page)).length, 1);
  await page.close();
});

test('the words of the post replied to reach the checker: a calm reply to an attack gets the advice; to a calm post none', async () => {
  const calmReply = 'Thanks, I will share the data and the code next week.';
  const attacked = await openServer(browser.context, 'mastodon.social', `/home?fixture=reply&answered=${encodeURIComponent('You are a moron and a fraud, everyone knows your results are fake.')}`);
  await type(attacked, calmReply);
  await waitForCheck(attacked, calmReply.length);
  await waitForHint(attacked, 'heated-reply');
  assert.equal((await attackAdvice(attacked)).length, 1);
  assert.deepEqual(await underlined(attacked), { stop: [], warn: [], tip: [] });
  await attacked.close();
  const calm = await openServer(browser.context, 'mastodon.social', `/home?fixture=reply&answered=${encodeURIComponent('Great talk today, could you share the slides?')}`);
  await type(calm, calmReply);
  await waitForCheck(calm, calmReply.length);
  assert.deepEqual(await attackAdvice(calm), []);
  await calm.close();
});

test('another server stays off', async () => {
  const page = await openServer(browser.context, 'fediscience.org');
  await type(page, POST);
  const popup = await popupFor(page);
  assert.equal(await popup.locator('button[data-action="disable-server"]').count(), 0);
  await popup.close();
  assert.equal(await guidepostOnPage(page), false);
  await page.close();
});

test('"Stop checking on this site" removes the script and the grant, and the underlines go', async () => {
  const page = await openServer(browser.context, 'mastodon.social');
  await type(page, POST);
  await waitForCheck(page, POST.length);
  const popup = await popupFor(page);
  await popup.locator('button[data-action="disable-server"]').click();
  await popup.waitForSelector('button[data-action="enable-server"]');
  await popup.close();
  await page.waitForFunction(() => document.querySelector('guidepost-ui') === null);
  assert.deepEqual(await underlined(page), { stop: [], warn: [], tip: [] });
  assert.deepEqual(await access(), { origins: [], scripts: [] });
  await page.reload();
  await page.waitForFunction(() => window.__fixture?.ready === true);
  await type(page, POST);
  assert.equal(await guidepostOnPage(page), false);
  await page.close();
});

test('no request left the browser', () => {
  assert.ok(browser.requests.some((request) => Object.values(SERVERS).some(({ url }) => request.url.startsWith(new URL(url).origin))), 'the servers were seen');
  assert.deepEqual(browser.strayRequests(), []);
});
