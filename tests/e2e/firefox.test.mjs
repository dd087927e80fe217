// The core browser tests in real Firefox (Debian's firefox-esr over WebDriver BiDi, dist/ installed
// as a temporary add-on), on the five real editors (Bluesky's TipTap and Threads' Lexical too): the underline and its card, one fix through the
// editor's input path, the pre-post check, a clean post left quiet, the editor's state equal to what
// was typed, and no request anywhere (tests/e2e/firefox.mjs records every one).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIREFOX_SITES as SITES, launchFirefox } from './firefox.mjs';

const STOP_POST = 'Lab day 🎉\nStudent ID for the form: 131052-308T, thanks';
const STOP_TEXT = '131052-308T';
const CLEAN_POST = 'Lab day 🎉\nSee you all at the open house on Friday. #UniHelsinki';

const ui = (page, fn, ...args) => page.evaluate(fn, ...args);

async function typeInto(page, site, text) {
  await page.click(SITES[site].composeBox);
  for (const [i, line] of text.split('\n').entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    if (line) await page.keyboard.type(line);
  }
}

const waitForCheck = (page, length) => page.waitForFunction((n) => document.querySelector('guidepost-ui')?.dataset.checkedLength === String(n), {}, length);

function underlined(page) {
  return ui(page, () => Object.fromEntries(['stop', 'warn', 'tip'].map((s) => [s, [...(CSS.highlights.get(`guidepost-${s}`) ?? [])].map((r) => r.toString())])));
}

/** Hovers the underline over `needle` and waits for its card: { rule, severity, text }. */
async function hoverFinding(page, needle) {
  const point = await ui(page, (text) => {
    for (const s of ['stop', 'warn', 'tip']) {
      for (const range of CSS.highlights.get(`guidepost-${s}`) ?? []) {
        if (range.toString() !== text) continue;
        const rect = range.getClientRects()[0];
        return { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2 };
      }
    }
    return null;
  }, needle);
  assert.ok(point, `"${needle}" is underlined`);
  await page.mouse.move(point.x, point.y);
  await page.waitForFunction(() => {
    const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card');
    return node && !node.hidden;
  });
  return ui(page, () => {
    const node = document.querySelector('guidepost-ui').shadowRoot.querySelector('.card');
    return { rule: node.dataset.rule, severity: node.dataset.severity, text: node.textContent };
  });
}

const clickUi = (page, action) => ui(page, (a) => document.querySelector('guidepost-ui').shadowRoot.querySelector(`button[data-action="${a}"]`).click(), action);
const editorText = (page) => ui(page, () => window.__fixture.getText());
const posts = (page) => ui(page, () => window.__fixture.posts.length);
const dialogOpen = (page) => ui(page, () => {
  const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.backdrop');
  return Boolean(node && !node.hidden);
});

let firefox;
before(async () => {
  firefox = await launchFirefox();
});
after(() => firefox?.close());

for (const site of Object.keys(SITES)) {
  describe(`Firefox: ${site}`, () => {
    test('a stop finding is underlined exactly, its card names the rule, the editor holds what was typed', async () => {
      const page = await firefox.open(site);
      await typeInto(page, site, STOP_POST);
      await waitForCheck(page, STOP_POST.length);
      assert.deepEqual((await underlined(page)).stop, [STOP_TEXT]);
      const card = await hoverFinding(page, STOP_TEXT);
      assert.equal(card.rule, 'finnish-id');
      assert.equal(card.severity, 'stop');
      assert.equal(await editorText(page), STOP_POST);
      await page.close();
    });

    test('the mask fix goes in through the editor: its state is the fixed text and the underline is gone', async () => {
      const page = await firefox.open(site);
      await typeInto(page, site, STOP_POST);
      await waitForCheck(page, STOP_POST.length);
      await hoverFinding(page, STOP_TEXT);
      await clickUi(page, 'mask');
      const masked = STOP_POST.replace(STOP_TEXT, '•'.repeat(STOP_TEXT.length));
      await page.waitForFunction((expected) => window.__fixture.getText() === expected, {}, masked);
      await page.waitForFunction(() => !CSS.highlights.get('guidepost-stop')?.size);
      assert.equal(await editorText(page), masked);
      assert.equal(await posts(page), 0);
      await page.close();
    });

    test('Post with a stop finding is held and asks first; Edit keeps the draft and posts nothing', async () => {
      const page = await firefox.open(site);
      await typeInto(page, site, STOP_POST);
      await waitForCheck(page, STOP_POST.length);
      await page.mouse.move(1, 1);
      await page.click(SITES[site].postButton);
      await page.waitForFunction(() => {
        const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.backdrop');
        return node && !node.hidden;
      });
      assert.equal(await posts(page), 0, 'nothing was posted');
      await clickUi(page, 'edit');
      assert.equal(await dialogOpen(page), false);
      assert.equal(await editorText(page), STOP_POST);
      assert.equal(await posts(page), 0);
      await page.close();
    });

    test('a clean post is quiet and goes straight through', async () => {
      const page = await firefox.open(site);
      await typeInto(page, site, CLEAN_POST);
      await waitForCheck(page, CLEAN_POST.length);
      const marks = await underlined(page);
      assert.deepEqual([...marks.stop, ...marks.warn], []);
      assert.equal(await editorText(page), CLEAN_POST);
      await page.click(SITES[site].postButton);
      await page.waitForFunction(() => window.__fixture.posts.length === 1);
      assert.equal(await dialogOpen(page), false);
      await page.close();
    });
  });
}

test('Firefox: no request left the browser, and no page error', async () => {
  assert.ok(await firefox.canary(), 'the proxy records a request that is not served by a fixture');
  assert.deepEqual(firefox.strayRequests(), []);
  assert.deepEqual(firefox.problems, []);
});
