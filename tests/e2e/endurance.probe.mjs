// An hour of writing, compressed (issue 15). Not a test (no *.test.mjs: `node --test` leaves it
// out; `endurance.test.mjs` runs four of its rounds and asserts that nothing grows); run it by hand
// after ./build.sh:
//
//   node tests/e2e/endurance.probe.mjs [--rounds N] [--every K] [--site x|linkedin|facebook] [--json FILE] [--without]
//
// For each editor (Draft.js/X, Quill/LinkedIn, Lexical/Facebook), in the real Chromium with the
// built extension (dist/, or GUIDEPOST_DIST), on a realistic 3,000-character post (tests/bench/texts.mjs) pasted into
// the box: N rounds of what a person does while writing, as fast as Guidepost answers: type a
// sentence that ends in an identity code, hide it with the card's fix, undo the fix (Ctrl+Z),
// ignore the finding from its card, delete the sentence, paste a paragraph and undo the paste
// (with a second's pause before each change to be undone, so that the editor's history keeps it
// apart).
// Every K rounds it samples, after a full garbage collection: the page's JS heap (the content
// script shares it), the content script's live Sessions and MutationObservers, the ranges in the
// highlight registry, the event listeners on window and document (every world), the text's length,
// the steps in the editor's undo history (__fixture.undoDepth()), and the service worker's JS heap
// and wasm memory. It prints the curve, and says whether each count stayed flat (memory: last
// sample within 10% of the first after warm-up).
// With --without, the same rounds run on the fixtures without the extension, as the baseline of the
// page heap: the editor gets the same edits (the fix is the same replacement through the same
// input path the extension uses, sites.js replaceInEditor, and the caret after the code as the
// card leaves it), only what Guidepost alone does (its card, Ignore here) is left out, and each
// wait for a check is 50 ms and a frame. Both runs end with the same text and undo depth.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SITES, launchBrowser } from './harness.mjs';
import { round, sample, startWriting, stopWriting } from './endurance.mjs';

const EXTENSION_DIR = resolve(process.env.GUIDEPOST_DIST ?? 'dist');

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}

const WITHOUT = process.argv.includes('--without');
const ROUNDS = Number(option('--rounds', 60));
const EVERY = Number(option('--every', 10));

const browser = await launchBrowser(WITHOUT ? {} : { extensionDir: EXTENSION_DIR });
const results = {};
try {
  for (const site of Object.keys(SITES).filter((name) => [name, 'all'].includes(option('--site', 'all')))) {
    const session = await startWriting(browser, site, { without: WITHOUT });
    const { page, cdp, box, world } = session;
    const started = Date.now();
    const samples = [await sample(browser, page, cdp, world, 0)];
    for (let at = 1; at <= ROUNDS; at += 1) {
      await round(page, box, site, { without: WITHOUT });
      if (at % EVERY === 0) samples.push(await sample(browser, page, cdp, world, at));
    }
    const seconds = Math.round((Date.now() - started) / 1000);
    const checks = Number(await page.evaluate(() => document.querySelector('guidepost-ui')?.dataset.checks ?? 0));
    results[site] = { seconds, checks, samples };
    console.log(`\n${site}: ${ROUNDS} rounds in ${seconds} s, ${checks} checks`);
    console.table(samples);
    const [, warm] = samples;
    const last = samples.at(-1);
    const flat = (key) => samples.every((s) => s[key] === samples[0][key]);
    const within = (key) => Math.abs(last[key] - warm[key]) <= warm[key] * 0.1;
    const growth = (last.pageHeapKB - warm.pageHeapKB) / (last.round - warm.round);
    console.log(`page heap ${warm.pageHeapKB} -> ${last.pageHeapKB} KB from round ${warm.round} to ${last.round}: ${growth.toFixed(1)} KB a round${WITHOUT ? ', without Guidepost' : ''}`);
    if (world) {
      console.log(
        `flat: sessions ${flat('sessions')}, observers ${flat('observers')}, listeners ${flat('listeners')}, hosts ${flat('hosts')}; ` +
          `memory within 10% of round ${warm.round}: page ${within('pageHeapKB')}, worker ${within('workerHeapKB')}, wasm ${within('wasmKB')}`,
      );
    }
    await stopWriting(session);
  }
} finally {
  await browser.close();
}

const json = option('--json', null);
if (json) {
  mkdirSync(dirname(resolve(json)), { recursive: true });
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
}
