// The core browser tests of a composer site that has no adapter quirks of its own beyond its
// selectors (Bluesky, Threads): on each box the underline exactly on the finding with the editor's
// state as typed, the card, the mask fix through the editor's own input path (its state is the
// fixed text, Ctrl+Z undoes it in the editor's history), the pre-post check on the send control in
// the three interface languages and on Ctrl+Enter (Edit keeps the draft, Post anyway sends it
// once), a clean post quiet and sent; a reply told apart from a new post, with the words of the
// post it answers read from the page (the advice on answering attacks: a reply that attacks gets
// it and a new post does not, a calm reply gets it under an attack and not under a calm post); and
// no request leaves the browser.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attackAdvice, card, dialogText, hoverFinding, launchGuidepost, openAttackAdvice, uiButton, underlined, waitForCheck, waitForDialog, waitForUnderline } from './guidepost.mjs';

const HETU = '131052-308T';
const POST = `Kiitos kaikille! 🎉 Opiskelijan hetu on ${HETU},\nkorjatkaa rekisteri.`;
const CLEAN = 'New paper out today: https://doi.org/10.1038/s41586-020-2649-2 — thanks to the whole team!';
const LANGUAGES = ['en', 'fi', 'sv'];
const HEATED = "Honestly, you're a moron. Mikä säälittävä idiootti.";
const ATTACK = 'You are a moron and a fraud, everyone knows your results are fake.';
const CALM = 'Thanks, I will share the data and the code next week.';

/** Types like a person: a click in the editor, the caret to the end, key by key; "\n" is Enter. */
async function type(page, selectors, text) {
  await page.locator(selectors.composeBox).click();
  await page.keyboard.press('Control+End');
  for (const [i, line] of text.split('\n').entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    if (line) await page.keyboard.type(line);
  }
}

const editorText = (page) => page.evaluate(() => window.__fixture.getText());
const posts = (page) => page.evaluate(() => window.__fixture.posts);

/**
 * The core tests of one composer site, on each of its boxes.
 * @param {object} site
 * @param {string} site.id         the fixture's site name (`window.__fixture.site`)
 * @param {{ url: string, composeBox: string, postEnabled: string }} site.selectors  the harness's page and selectors
 * @param {string} site.editor     the editor library, for test names
 * @param {[string, string, 'post' | 'reply'][]} site.boxes  each box's name, the page it is on and its kind
 * @param {(page: import('playwright-core').Page) => Promise<void>} site.clear  empties the editor through its own API
 */
export function composerSuite({ id, selectors, editor, boxes, clear }) {
  let browser;
  before(async () => {
    browser = await launchGuidepost();
  });
  after(() => browser?.close());

  async function open(url) {
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.waitForFunction((site) => window.__fixture?.site === site && window.__fixture.ready === true, id);
    return page;
  }

  for (const [name, url, context] of boxes) {
    describe(`${id} ${name}`, () => {
      test('the underline is exactly the finding, the editor holds what was typed, the card names the guideline', async () => {
        const page = await open(url);
        await type(page, selectors, POST);
        await waitForCheck(page, POST.length);
        assert.deepEqual(await underlined(page), { stop: [HETU], warn: [], tip: [] });
        assert.equal(await editorText(page), POST);
        await hoverFinding(page, HETU, 'finnish-id');
        assert.match((await card(page)).text, /Personal data and privacy/);
        await page.close();
      });

      test(`the mask fix goes in through ${editor}, and Ctrl+Z takes it back`, async () => {
        const page = await open(url);
        await type(page, selectors, POST);
        await waitForCheck(page, POST.length);
        await hoverFinding(page, HETU, 'finnish-id');
        await uiButton(page, 'mask').click();
        const masked = POST.replace(HETU, '•'.repeat(HETU.length));
        await page.waitForFunction((text) => window.__fixture.getText() === text, masked);
        await waitForUnderline(page, HETU, false);
        await page.keyboard.press('Control+z');
        await page.waitForFunction((text) => window.__fixture.getText() === text, POST);
        await waitForUnderline(page, HETU);
        assert.deepEqual(await posts(page), [], 'a fix never sends');
        await page.close();
      });

      for (const lang of LANGUAGES) {
        test(`interface in ${lang}: publishing with a stop finding is held; Edit keeps the draft; Post anyway sends it once`, async () => {
          const page = await open(`${url}?hl=${lang}`);
          await type(page, selectors, POST);
          await waitForCheck(page, POST.length);
          await page.locator(selectors.postEnabled).click();
          await waitForDialog(page);
          assert.match(await dialogText(page), /identity code/i);
          await uiButton(page, 'edit').click();
          await waitForDialog(page, false);
          assert.deepEqual(await posts(page), []);
          assert.equal(await editorText(page), POST);
          await page.locator(selectors.postEnabled).click();
          await waitForDialog(page);
          await uiButton(page, 'post-anyway').click();
          await page.waitForFunction(() => window.__fixture.posts.length === 1);
          assert.deepEqual(await posts(page), [POST]);
          await page.close();
        });
      }

      test('Ctrl+Enter with a stop finding is held too; a clean post is quiet and sent', async () => {
        const page = await open(url);
        await type(page, selectors, POST);
        await waitForCheck(page, POST.length);
        await page.keyboard.press('Control+Enter');
        await waitForDialog(page);
        await uiButton(page, 'edit').click();
        await waitForDialog(page, false);
        assert.deepEqual(await posts(page), []);

        await clear(page);
        await type(page, selectors, CLEAN);
        await waitForCheck(page, CLEAN.length);
        assert.deepEqual(await underlined(page), { stop: [], warn: [], tip: [] });
        await page.keyboard.press('Control+Enter');
        await page.waitForFunction(() => window.__fixture.posts.length === 1);
        assert.equal(await dialogText(page), null);
        assert.deepEqual(await posts(page), [CLEAN]);
        await page.close();
      });

      const where = context === 'post' ? 'a new post gets none' : 'a reply gets it once, beside the box';
      test(`the advice on answering attacks with attacks: ${where}`, async () => {
        const page = await open(url);
        await type(page, selectors, HEATED);
        await waitForUnderline(page, "you're a moron");
        if (context === 'post') {
          assert.deepEqual(await attackAdvice(page), []);
        } else {
          assert.ok((await openAttackAdvice(page)).includes('If you are harassed'));
        }
        assert.deepEqual(await posts(page), []);
        await page.close();
      });

      if (context === 'reply') {
        test('the words of the post replied to reach the checker: a calm reply to an attack gets the advice; to a calm post none', async () => {
          const attacked = await open(`${url}?answered=${encodeURIComponent(ATTACK)}`);
          await type(attacked, selectors, CALM);
          await waitForCheck(attacked, CALM.length);
          assert.ok((await openAttackAdvice(attacked)).includes('If you are harassed'));
          assert.deepEqual(await underlined(attacked), { stop: [], warn: [], tip: [] }, 'nothing of the draft is underlined: the attack is not in it');
          await attacked.close();
          const calm = await open(`${url}?answered=${encodeURIComponent('Great talk today, could you share the slides?')}`);
          await type(calm, selectors, CALM);
          await waitForCheck(calm, CALM.length);
          assert.deepEqual(await attackAdvice(calm), []);
          await calm.close();
        });
      }
    });
  }

  test('no request left the browser', () => {
    assert.ok(browser.requests.some((request) => new URL(request.url).origin === new URL(selectors.url).origin), 'the site was seen');
    assert.deepEqual(browser.strayRequests(), []);
  });
}
