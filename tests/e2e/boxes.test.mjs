// Every box staff write in (tests/e2e/boxes.mjs) is held to what the main compose box is: the
// underlines are exactly the checker's findings, a card opens on one, its fix goes in through the
// editor's own input path, the pre-post check holds a `stop` finding with the interface in
// English, Finnish and Swedish (by the box's own send control, and by Enter where Enter sends),
// "Post anyway" sends that box exactly once, the editor's state is what was typed, and nothing
// leaves the browser.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BOXES, LANGUAGES, boxText, openBox, sent, typeIntoBox } from './boxes.mjs';
import { attackAdvice, card, dialogText, hintChip, hints, hoverFinding, launchGuidepost, openAttackAdvice, resetSettings, uiButton, underlined, waitForCard, waitForCheck, waitForDialog, waitForHint, waitForUnderline } from './guidepost.mjs';

const { Checker } = createRequire(import.meta.url)('../../target/bindgen/node/guidepost.js');
const checker = new Checker({});

const STOP_POST = 'Lab day 🎉\nThe wifi password is Tiger#99, enjoy!';
const MASK_POST = 'Kiitos kaikille! 🎉\nOpiskelijan tunnus 131052-308T, korjatkaa rekisteri.';
const ID = '131052-308T';

/** What the checker underlines in `text`, per severity (findings about the whole post are hints). */
function expectedUnderlines(text) {
  const out = { stop: [], warn: [], tip: [] };
  for (const finding of checker.check(text)) if (finding.scope !== 'post') out[finding.severity].push(finding.text);
  return out;
}

const sorted = (marks) => Object.fromEntries(Object.entries(marks).map(([severity, texts]) => [severity, [...texts].sort()]));

/** Opens the box with `text` typed into it and checked. */
async function openWithText(box, text, lang = 'en') {
  const page = await openBox(browser.context, box, lang);
  await typeIntoBox(page, box, text);
  await waitForCheck(page, text.length);
  return page;
}

/** Presses the box's own send control, or Enter in the box where Enter sends. */
async function send(page, box, how) {
  if (how === 'enter') {
    await page.locator(box.box).focus();
    await page.keyboard.press('Enter');
  } else {
    await page.locator(box.send).click();
  }
}

/** In a thread, "Post all" needs every post written: a clean first post. */
async function fillThread(page, box) {
  if (!box.threadIndex) return [];
  await page.locator('[data-testid="tweetTextarea_0"]').click();
  await page.keyboard.type('A thread 🧵');
  return [{ box: 'tweetTextarea_0', text: 'A thread 🧵' }];
}

let browser;
before(async () => {
  browser = await launchGuidepost();
});
afterEach(() => resetSettings(browser));
after(() => browser?.close());

for (const box of BOXES) {
  describe(box.id, () => {
    test('the underlines are the checker’s findings; a card opens; its fix goes in through the editor', async () => {
      const page = await openWithText(box, MASK_POST);
      assert.deepEqual(sorted(await underlined(page)), sorted(expectedUnderlines(MASK_POST)));
      await hoverFinding(page, ID, 'finnish-id');
      const fix = checker.check(MASK_POST).find((f) => f.text === ID).fixes.find((f) => f.kind === 'mask');
      await uiButton(page, 'mask').click();
      const fixed = MASK_POST.replace(ID, fix.replacement);
      await page.waitForFunction(({ name, expected }) => window.__fixture.textOf(name) === expected, { name: box.text, expected: fixed });
      await waitForCheck(page, fixed.length);
      assert.equal(await boxText(page, box), fixed);
      assert.deepEqual(await sent(page), [], 'a fix never sends');
      await page.close();
    });

    for (const how of box.enterSends ? ['control', 'enter'] : ['control']) {
      for (const lang of LANGUAGES) {
        test(`interface in ${lang}: ${how === 'enter' ? 'Enter' : `“${box.label[lang]}”`} with a stop finding is held; Edit keeps the draft; Post anyway sends it once`, async () => {
          const page = await openWithText(box, STOP_POST, lang);
          const before = await fillThread(page, box);
          await send(page, box, how);
          await waitForDialog(page);
          assert.match(await dialogText(page), /Password or key/);
          assert.deepEqual(await sent(page), [], 'held: nothing sent');
          await uiButton(page, 'edit').click();
          await waitForDialog(page, false);
          await waitForCard(page, 'password');
          assert.equal(await boxText(page, box), STOP_POST, 'the draft is what was typed');
          assert.deepEqual(await sent(page), []);

          await send(page, box, how);
          await waitForDialog(page);
          await uiButton(page, 'post-anyway').click();
          await page.waitForFunction((n) => window.__fixture.sent.length === n, before.length + 1);
          assert.deepEqual(await sent(page), [...before, { box: box.text, text: STOP_POST }], 'sent once, as typed');
          await page.close();
        });
      }
    }
  });
}

for (const box of BOXES.filter((b) => b.enterSends)) {
  test(`${box.id}: Shift+Enter is a new line, never held; a clean comment goes out with Enter`, async () => {
    const page = await openWithText(box, 'Great work 👏');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Thanks');
    await waitForCheck(page, 'Great work 👏\nThanks'.length);
    assert.equal(await dialogText(page), null);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__fixture.sent.length === 1);
    assert.deepEqual(await sent(page), [{ box: box.text, text: 'Great work 👏\nThanks' }]);
    await page.close();
  });
}

const HEATED = "Honestly, you're a moron. Mikä säälittävä idiootti.";

for (const box of BOXES) {
  const where = box.context === 'post' ? 'a new post gets none' : `a ${box.context} gets it once, beside the box`;
  test(`${box.id}: the advice on answering attacks with attacks: ${where}`, async () => {
    const page = await openWithText(box, HEATED);
    await waitForUnderline(page, "you're a moron");
    if (box.context === 'post') {
      assert.deepEqual(await attackAdvice(page), []);
    } else {
      const text = await openAttackAdvice(page);
      for (const words of ['attacks with attacks', 'need not win', 'block', 'screenshot', 'ask for help', 'If you are harassed']) assert.ok(text.includes(words), `${words}: ${text}`);
    }
    assert.deepEqual(await sent(page), []);
    await page.close();
  });
}

const ATTACK = 'You are a moron and a fraud, everyone knows your results are fake.';
const CALM = 'Thanks, I will share the data and the code next week.';

for (const box of BOXES.filter((b) => b.context !== 'post')) {
  test(`${box.id}: a calm ${box.context} to an attack gets the same advice, once; to a calm post none`, async () => {
    const attacked = await openBox(browser.context, box, 'en', ATTACK);
    await typeIntoBox(attacked, box, CALM);
    await waitForCheck(attacked, CALM.length);
    assert.ok((await openAttackAdvice(attacked)).includes('If you are harassed'));
    assert.deepEqual(await underlined(attacked), { stop: [], warn: [], tip: [] }, 'nothing of the draft is underlined: the attack is not in it');
    await attacked.close();
    const calm = await openBox(browser.context, box, 'en', 'Great talk today, could you share the slides?');
    await typeIntoBox(calm, box, CALM);
    await waitForCheck(calm, CALM.length);
    assert.deepEqual(await attackAdvice(calm), []);
    await calm.close();
  });
}

/** A 1×1 PNG: what is attached is never read, only that it is there and its alt text. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PEOPLE = 'Great day with the students at Kumpula!';

/** Each site's main box, its photo input and (where the site offers alt text) its alt-text control. */
const MEDIA = [
  { id: 'x/post', file: '[data-testid="fileInput"]', alt: { open: '[data-testid="altTextLabel"]', input: '[data-testid="altTextInput"]' } },
  { id: 'linkedin/share box', file: '.share-box__file-input', alt: { open: '.share-media-alt-text-button', input: '.share-media-alt-text-input' } },
  { id: 'facebook/post', file: '.fb-file-input', alt: null },
];

for (const { id, file, alt } of MEDIA) {
  const box = BOXES.find((b) => b.id === id);
  test(`${id}: people in a post with a photo attached get the consent nudge, no photo word needed; ${alt ? 'an undescribed image gets the alt-text tip until described' : 'no alt-text tip (the site offers none)'}`, async () => {
    const page = await openWithText(box, PEOPLE);
    const rules = async () => (await hints(page)).map((hint) => hint.rule).sort();
    assert.deepEqual(await rules(), [], 'no photo and no photo words: quiet');
    await page.locator(file).setInputFiles({ name: 'lab-day.png', mimeType: 'image/png', buffer: PNG });
    await waitForHint(page, 'photo-attached-consent');
    if (alt) {
      await waitForHint(page, 'missing-alt-text');
      await hintChip(page, 'missing-alt-text').click();
      await waitForCard(page, 'missing-alt-text');
      assert.match((await card(page)).text, /alt text/);
      await page.keyboard.press('Escape');
      await page.locator(alt.open).click();
      await page.locator(alt.input).fill('Students at the Kumpula lab');
      await waitForHint(page, 'missing-alt-text', false);
      assert.deepEqual(await rules(), ['photo-attached-consent']);
    } else {
      assert.deepEqual(await rules(), ['photo-attached-consent']);
    }
    assert.equal(await boxText(page, box), PEOPLE, 'the draft is what was typed');
    assert.deepEqual(await sent(page), []);
    await page.close();
  });
}

test('x thread: a stop finding in the second post holds “Post all”, by click and by Ctrl+Enter in the first box', async () => {
  const box = BOXES.find((b) => b.threadIndex);
  const page = await openWithText(box, STOP_POST);
  await fillThread(page, box);
  await page.locator(box.send).click();
  await waitForDialog(page);
  await uiButton(page, 'edit').click();
  await waitForDialog(page, false);
  await page.locator('[data-testid="tweetTextarea_0"]').click();
  await page.keyboard.press('Control+Enter');
  await waitForDialog(page);
  assert.deepEqual(await sent(page), []);
  await uiButton(page, 'edit').click();
  await page.close();
});

test('no request left the machine, and nothing went wrong on any page', () => {
  assert.deepEqual(browser.strayRequests(), []);
  assert.deepEqual(browser.problems, []);
});
