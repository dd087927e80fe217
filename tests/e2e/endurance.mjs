// An hour of writing, the rounds of it (issue 15): what `endurance.probe.mjs` runs for as long as
// it is asked to and prints as a curve, and `endurance.test.mjs` runs a few times and asserts on.
// One round, on a realistic 3,000-character post: type a sentence that ends in an identity code,
// hide it with the card's fix, undo the fix (Ctrl+Z), ignore the finding from its card, delete the
// sentence, paste a paragraph and undo the paste (with a second's pause before each change to be
// undone, so that the editor's history keeps it apart). `sample` counts, after a full garbage
// collection, the page's JS heap, the content script's live Sessions and MutationObservers, the
// ranges in the highlight registry, the event listeners on window and document (every world), the
// text's length, the steps in the editor's undo history and the service worker's JS heap and wasm
// memory.
import { createRequire } from 'node:module';
import { SITES, openSite } from './harness.mjs';
import { contentScriptWorld, listenersOfEveryWorld, workerMemory } from './probes.mjs';
import { realisticText } from '../bench/texts.mjs';

const POST_CHARS = 3_000;
const SENTENCE = ' Soita minulle, hetu 131052-308T.';
const PARAGRAPH = ' Lisätietoja tutkimuksesta saa hankkeen verkkosivuilta, joilla on myös aineistonhallintasuunnitelma ja julkaisuluettelo. Seminaari pidetään Kumpulan kampuksella.';

/**
 * A pause before each change meant to be undone on its own: the editors' histories merge changes
 * made within about a second into one undo step (Quill's default delay is 1,000 ms), which would
 * make Ctrl+Z take back the pasted post too.
 */
const HISTORY_PAUSE_MS = 1_100;
const pause = () => new Promise((resolve) => setTimeout(resolve, HISTORY_PAUSE_MS));

/** The code's mask, as the checker offers it (the wasm build for Node): what the baseline puts in its place. */
const MASK = (() => {
  const { Checker } = createRequire(import.meta.url)('../../target/bindgen/node/guidepost.js');
  const finding = new Checker({}).check(SENTENCE).find((f) => f.rule === 'finnish-id');
  return { needle: finding.text, replacement: finding.fixes.find((f) => f.kind === 'mask').replacement };
})();

/**
 * Without Guidepost, what stands in for waiting for a check: about as long as one takes here (35 to
 * 44 ms from a key to its underline), then a frame. Shorter, and an editor whose history merges
 * changes by time (Lexical's 300 ms) gets a Ctrl+Z before the change it should undo is in it.
 */
const CHECK_MS = 50;

/** Waits until the checked length is the box's, with a bound: the probe goes on either way. */
async function checked(page, { without = false, timeout = 10_000 } = {}) {
  if (without) {
    await page.evaluate((ms) => new Promise((resolve) => setTimeout(() => requestAnimationFrame(resolve), ms)), CHECK_MS);
    return;
  }
  await page
    .waitForFunction(() => {
      const host = document.querySelector('guidepost-ui');
      return host && Number(host.dataset.checkedLength) === window.__fixture.getText().length;
    }, undefined, { timeout })
    .catch(() => undefined);
}

/** Opens the card of the first underline over `needle` by pointing at it; true when it opened. */
async function pointAt(page, needle) {
  const point = await page.evaluate((text) => {
    for (const severity of ['stop', 'warn', 'tip']) {
      for (const range of CSS.highlights.get(`guidepost-${severity}`) ?? []) {
        if (range.toString() !== text) continue;
        const rect = range.getClientRects()[0];
        if (rect) return { x: rect.left + 3, y: rect.top + rect.height / 2 };
      }
    }
    return null;
  }, needle);
  if (!point) return false;
  await page.mouse.move(0, 0);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.mouse.move(point.x, point.y);
  return page
    .waitForFunction(() => !document.querySelector('guidepost-ui').shadowRoot.querySelector('.card').hidden, undefined, { timeout: 3_000 })
    .then(() => true, () => false);
}

async function press(page, action) {
  const button = page.locator(`guidepost-ui button[data-action="${action}"]`);
  if (await button.count()) await button.first().click({ timeout: 3_000 }).catch(() => undefined);
}

async function paste(page, text) {
  await page.evaluate((pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

/**
 * The baseline's fix: the last identity code in the box selected and replaced by its mask through
 * the input path the extension uses on this editor (a selection, then Lexical's beforeinput or
 * execCommand insertText once the editor has seen the selection).
 */
function maskAsGuidepostWould(page, box, site) {
  return page.evaluate(
    async ({ selector, needle, replacement, beforeInput }) => {
      const root = document.querySelector(selector);
      root.focus();
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      let found = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.data.includes(needle)) found = node;
      if (!found) return;
      const before = window.__fixture.getText();
      const at = found.data.lastIndexOf(needle);
      const seen = new Promise((resolve) => document.addEventListener('selectionchange', resolve, { once: true }));
      document.getSelection().setBaseAndExtent(found, at, found, at + needle.length);
      await seen;
      if (beforeInput) {
        const range = document.getSelection().getRangeAt(0);
        const event = new InputEvent('beforeinput', { inputType: 'insertText', data: replacement, targetRanges: [new StaticRange(range)], bubbles: true, cancelable: true, composed: true });
        if (root.dispatchEvent(event)) document.execCommand('insertText', false, replacement);
      } else {
        document.execCommand('insertText', false, replacement);
      }
      // As the extension's check does, the wait ends once the editor holds the fixed text.
      for (let frame = 0; frame < 120 && window.__fixture.getText() === before; frame += 1) await new Promise(requestAnimationFrame);
    },
    { selector: box, ...MASK, beforeInput: site === 'facebook' },
  );
}

/** One round of writing at the end of the post; `without`: the baseline's stand-ins for Guidepost. */
export async function round(page, box, site, { without = false } = {}) {
  await page.focus(box);
  await page.keyboard.press('Control+End');
  await page.keyboard.type(SENTENCE);
  await checked(page, { without });
  await pause();
  const masked = without || (await pointAt(page, MASK.needle));
  if (masked) {
    if (without) await maskAsGuidepostWould(page, box, site);
    else await press(page, 'mask');
    await checked(page, { without });
    await page.focus(box);
    await page.keyboard.press('Control+Z');
    await checked(page, { without });
  }
  // Ctrl+Z gives back the selection the fix replaced (the code). The card, as it closes, puts the
  // caret right after the finding; without it, Lexical sometimes keeps that selection through
  // Ctrl+End, the first Backspace deletes the whole code, and the post shrinks round by round.
  if (without) await page.evaluate(() => document.getSelection().collapseToEnd());
  else if (await pointAt(page, MASK.needle)) await press(page, 'ignore');
  await page.focus(box);
  await page.keyboard.press('Control+End');
  for (let i = 0; i < SENTENCE.length; i += 1) await page.keyboard.press('Backspace');
  await checked(page, { without });
  await pause();
  await paste(page, PARAGRAPH);
  await checked(page, { without });
  await page.keyboard.press('Control+Z');
  await checked(page, { without });
}

/** The page's JS heap, after a full garbage collection. */
async function pageHeap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** One sample; without Guidepost, the page's own part of it. */
export async function sample(browser, page, cdp, world, at) {
  const inPage = await page.evaluate(() => ({
    length: window.__fixture.getText().length,
    undo: window.__fixture.undoDepth(),
    ranges: ['stop', 'warn', 'tip'].reduce((sum, s) => sum + (CSS.highlights.get(`guidepost-${s}`)?.size ?? 0), 0),
    hosts: document.querySelectorAll('guidepost-ui').length,
  }));
  const heap = await pageHeap(cdp);
  const listeners = Object.values(await listenersOfEveryWorld(page)).reduce((sum, n) => sum + n, 0);
  if (!world) return { round: at, ...inPage, listeners, pageHeapKB: Math.round(heap / 1024) };
  const sessions = await world.count('Session');
  const observers = await world.count('MutationObserver');
  const worker = await workerMemory(browser.context, browser.extensionId);
  return { round: at, ...inPage, sessions, observers, listeners, pageHeapKB: Math.round(heap / 1024), workerHeapKB: Math.round(worker.jsHeapUsed / 1024), wasmKB: Math.round(worker.wasmMemory / 1024) };
}

/**
 * The start of a writing session on `site`: its compose box holding the pasted post, checked, and
 * a CDP session for the heap; `world` is the content script's (null `without` Guidepost).
 */
export async function startWriting(browser, site, { without = false } = {}) {
  const page = await openSite(browser.context, site);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const box = SITES[site].composeBox;
  await page.focus(box);
  await paste(page, realisticText(POST_CHARS));
  await checked(page, { without, timeout: 60_000 });
  await pause();
  const world = without ? null : await contentScriptWorld(browser, page);
  return { page, cdp, box, world };
}

/** Closes what `startWriting` opened. */
export async function stopWriting({ page, cdp, world }) {
  await world?.cdp.detach();
  await cdp.detach();
  await page.close();
}
