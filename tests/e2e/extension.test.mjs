// Guidepost in the real browser, on the three real-editor fixtures: underlines where the checker
// finds something, nothing on a clean post, the editor's own state untouched by us, and no request
// leaving the extension.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { SITES, editorText, launchBrowser, openSite, typeInto } from './harness.mjs';

const EXTENSION_DIR = resolve('dist');
const SCREENSHOTS = resolve('target/screenshots');

/** Waits until the extension has checked a text of this length (our host element says so). */
async function waitForCheck(page, length) {
  await page.waitForFunction(
    (expected) => document.querySelector('guidepost-ui')?.dataset.checkedLength === String(expected),
    length,
  );
}

/** The text under each underline, per severity, read from the page's highlight registry. */
function underlined(page) {
  return page.evaluate(() => {
    const out = {};
    for (const severity of ['stop', 'warn', 'tip']) {
      const highlight = CSS.highlights.get(`guidepost-${severity}`);
      out[severity] = highlight ? [...highlight].map((range) => range.toString()) : [];
    }
    return out;
  });
}

/** Text of the visible card in our shadow root, or null. */
function cardText(page) {
  return page.evaluate(() => {
    const card = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card');
    return card && !card.hidden ? card.textContent : null;
  });
}

/** The centre of the first underline of a severity, in page coordinates. */
function underlineCentre(page, severity) {
  return page.evaluate((name) => {
    const [range] = CSS.highlights.get(`guidepost-${name}`);
    const rect = range.getClientRects()[0];
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }, severity);
}

let browser;
before(async () => {
  browser = await launchBrowser({ extensionDir: EXTENSION_DIR });
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => browser?.close());

for (const site of Object.keys(SITES)) {
  describe(`on ${site}`, () => {
    test('an identity code is underlined exactly, and its card names the guideline', async () => {
      const page = await openSite(browser.context, site);
      const typed = 'Kiitos kaikille! 🎉 Opiskelijan hetu on 131052-308T,\nkorjatkaa rekisteri.';
      await typeInto(page, site, typed);
      await waitForCheck(page, typed.length);

      assert.deepEqual(await underlined(page), { stop: ['131052-308T'], warn: [], tip: [] });
      assert.equal(await editorText(page), typed, "the editor's own state is exactly what was typed");

      const { x, y } = await underlineCentre(page, 'stop');
      await page.mouse.move(x, y);
      await page.waitForFunction(() => {
        const card = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card');
        return card && !card.hidden;
      });
      const card = await cardText(page);
      assert.match(card, /Personal data and privacy/);
      assert.match(card, /Finnish personal identity code/);
      if (site === 'x') await page.screenshot({ path: `${SCREENSHOTS}/card-x.png` });
      await page.close();
    });

    test('blank lines reach the checker as the editor has them', async () => {
      const page = await openSite(browser.context, site);
      await typeInto(page, site, 'First paragraph.\n\nSecond, hetu 131052-308T.\n\n\nThird.');
      const own = await editorText(page);
      assert.equal(own, 'First paragraph.\n\nSecond, hetu 131052-308T.\n\n\nThird.');
      // The extension checked exactly the editor's text, empty paragraphs included.
      await waitForCheck(page, own.length);
      assert.deepEqual(await underlined(page), { stop: ['131052-308T'], warn: [], tip: [] });
      await page.close();
    });

    test('a clean post shows nothing', async () => {
      const page = await openSite(browser.context, site);
      const typed = 'New paper out today: https://doi.org/10.1038/s41586-020-2649-2 — thanks to the whole team! Room 2041, Exactum. #UniHelsinki';
      await typeInto(page, site, typed);
      await waitForCheck(page, typed.length);
      assert.deepEqual(await underlined(page), { stop: [], warn: [], tip: [] });
      assert.equal(await cardText(page), null);
      assert.equal(await editorText(page), typed);
      await page.close();
    });
  });
}

test('the extension made no network request', () => {
  assert.deepEqual(browser.strayRequests(), []);
});
