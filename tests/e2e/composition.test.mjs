// Composition input: an IME's candidate text and dead keys (¨ then a, for ä). On all three
// real-editor fixtures, driven by the browser's own IME input (DevTools Input.imeSetComposition,
// which the editor sees as compositionstart/update/end with the text in the DOM, then
// Input.insertText to commit):
// - mid-composition no check is sent, no result is drawn on the composing text, and no card (so no
//   fix) is open or opens: the card the pointer held open goes as the composition begins, and
//   pointing at the underline again opens none; the answer to a check in flight as the
//   composition begins is not drawn, and nothing typed is sent until it ends;
// - the finished text is checked: its findings are underlined and the editor holds it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SITES, openSite, typeInto } from './harness.mjs';
import { until } from './probes.mjs';
import { card, inWorker, launchGuidepost, underlined, waitForCard, waitForCheck } from './guidepost.mjs';

let browser;

before(async () => {
  browser = await launchGuidepost();
});

after(() => browser?.close());

/** The newest time each step of a check was marked on the page's timeline (session.js `mark`). */
function marks(page) {
  return page.evaluate(() =>
    Object.fromEntries(['input', 'send', 'drawn'].map((step) => [step, performance.getEntriesByName(`guidepost:${step}`).at(-1)?.startTime ?? -1])),
  );
}

/**
 * Puts `text` into the IME's composition, and resolves once Guidepost has seen the editor change
 * (its observer marks `input`, and would have sent the text to be checked in the same turn).
 */
async function composing(page, cdp, text) {
  const since = await page.evaluate(() => performance.now());
  await cdp.send('Input.imeSetComposition', { text, selectionStart: text.length, selectionEnd: text.length });
  await page.waitForFunction((t) => (performance.getEntriesByName('guidepost:input').at(-1)?.startTime ?? -1) > t, since);
  return since;
}

/**
 * Commits the composition with `text`, and resolves once the editor's own state holds `expected`
 * (Draft.js resolves a composition a moment after compositionend; keys typed before that are its
 * to reorder, not ours) and Guidepost has checked it (Lexical may put it into the DOM a task
 * later: that is the check of the finished text, which must not be taken for one mid-composition).
 */
async function commit(page, cdp, text, expected) {
  await cdp.send('Input.insertText', { text });
  await page.waitForFunction((t) => window.__fixture.getText() === t, expected);
  await waitForCheck(page, expected.length);
}

/** Moves the pointer over the underline of `needle`, and lets two frames pass (the hover is read in one). */
async function pointAt(page, needle) {
  const point = await page.evaluate((text) => {
    const range = [...(CSS.highlights.get('guidepost-stop') ?? [])].find((r) => r.toString() === text);
    const rect = range.getClientRects()[0];
    return { x: rect.left + 4, y: rect.top + rect.height / 2 };
  }, needle);
  await moveTo(page, point.x, point.y);
}

/** Moves the pointer, and lets two frames pass: Guidepost reads the pointer once a frame. */
async function moveTo(page, x, y) {
  await page.mouse.move(x, y);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * Holds the worker's answer to the next check until `release()`: a check in flight when a
 * composition begins.
 */
async function holdNextCheck() {
  await inWorker(browser, () => {
    const check = guidepostWorker.handlers.check;
    guidepostWorker.handlers.check = async (message) => {
      guidepostWorker.handlers.check = check;
      await new Promise((resolve) => {
        self.releaseCheck = resolve;
      });
      return check(message);
    };
  });
  return {
    held: () => inWorker(browser, () => typeof self.releaseCheck === 'function'),
    release: () => inWorker(browser, () => self.releaseCheck()),
  };
}

describe('composition: nothing applied or offered mid-composition, the finished text checked', () => {
  for (const site of Object.keys(SITES)) {
    test(`on ${site}`, async () => {
      const page = await openSite(browser.context, site);
      const cdp = await browser.context.newCDPSession(page);
      const start = 'Salasana: Kissa123!';
      await typeInto(page, site, start);
      await waitForCheck(page, start.length);
      // The pointer on the finding: its card is open, fix and all (and stays while the pointer does).
      await pointAt(page, 'Salasana: Kissa123!');
      await waitForCard(page, 'password');

      // An IME composes an identity code after it (as a candidate string would stand there).
      const since = await composing(page, cdp, ' 131052-308T');
      assert.equal(await card(page), null, 'the card went away as the composition began');
      assert.ok((await page.locator(SITES[site].composeBox).textContent()).includes('131052-308T'), 'the composing text is in the box');
      let seen = await marks(page);
      assert.ok(seen.send < since, 'no check sent mid-composition');
      assert.equal(await page.evaluate(() => document.querySelector('guidepost-ui').dataset.checkedLength), String(start.length), 'no result of the composing text');
      assert.deepEqual((await underlined(page)).stop, ['Salasana: Kissa123!'], 'nothing drawn on the composing text');
      // The pointer back on the underline opens no card either, while the IME holds text.
      await moveTo(page, 0, 0);
      await pointAt(page, 'Salasana: Kissa123!');
      assert.equal(await card(page), null, 'no card (no fix) mid-composition');
      await cdp.send('Input.imeSetComposition', { text: ' 131052-308T hy', selectionStart: 15, selectionEnd: 15 });
      seen = await marks(page);
      assert.ok(seen.send < since, 'no check sent as the composition goes on');

      const committed = `${start} 131052-308T hy`;
      await commit(page, cdp, ' 131052-308T hy', committed);
      await waitForCheck(page, committed.length);
      assert.deepEqual((await underlined(page)).stop.sort(), ['131052-308T', 'Salasana: Kissa123!'].sort(), 'the finished text is checked');

      // A check in flight as a composition begins: its answer arrives mid-composition and is not
      // drawn, and what was typed meanwhile is not sent either until the composition ends.
      const slow = await holdNextCheck();
      await page.keyboard.type(' ok');
      await until(slow.held, (held) => held, { message: 'the check is held in the worker' });
      const heldSince = await composing(page, cdp, ' ö');
      await slow.release();
      await page.waitForFunction((t) => (performance.getEntriesByName('guidepost:reply').at(-1)?.startTime ?? -1) > t, heldSince);
      assert.equal(await page.evaluate(() => document.querySelector('guidepost-ui').dataset.checkedLength), String(committed.length), 'the answer that came mid-composition is not applied');
      assert.ok((await marks(page)).send < heldSince, 'what was typed before is not sent mid-composition');
      const afterHeld = `${committed} ok ö`;
      await commit(page, cdp, ' ö', afterHeld);
      await waitForCheck(page, afterHeld.length);

      // A dead key: ¨ composes, then a makes ä.
      let typed = afterHeld;
      for (const [dead, letter] of [['¨', 'ä'], ['¨', 'ä']]) {
        const deadSince = await composing(page, cdp, dead);
        assert.ok((await marks(page)).send < deadSince, `no check of the dead key ${dead}`);
        typed += letter;
        await commit(page, cdp, letter, typed);
      }
      await page.keyboard.type(' kaikille!');
      const finished = `${afterHeld}ää kaikille!`;
      assert.equal(await page.evaluate(() => window.__fixture.getText()), finished, 'the editor holds the finished text');
      await waitForCheck(page, finished.length);
      assert.deepEqual((await underlined(page)).stop.sort(), ['131052-308T', 'Salasana: Kissa123!'].sort());
      // And the card is back for the person who points at a finding.
      await pointAt(page, '131052-308T');
      await waitForCard(page, 'finnish-id');
      await cdp.detach();
      await page.close();
    });
  }
});
