// Browser latency probe (issue 5). Not a test (no *.test.mjs: `node --test` leaves it out, and it
// asserts nothing about time); `./build.sh bench` runs it, or run it by hand after ./build.sh:
//
//   node tests/e2e/latency.probe.mjs [--paced N] [--json FILE]
//
// For each editor (Draft.js/X, Quill/LinkedIn, Lexical/Facebook) it measures, in the real Chromium
// with the built extension (dist/):
//
// - Start: from the compose box appearing in the page to the first check drawn, once with the
//   extension's service worker stopped (cold: the worker starts, compiles the wasm, builds the
//   checker) and then with it running (warm).
// - Woken on focus: the page is open with its box and the worker stopped (as Chrome stops an idle
//   one after 30 seconds); the person clicks into the box (which wakes the worker), types the first
//   key FOCUS_TO_KEY_MS later, and the time is from that key to its underline.
// - Keystroke to updated underline: it types the first characters of a realistic 3,000-character
//   post (tests/bench/texts.mjs) at full speed, then types the last N characters one at a time,
//   each once the previous one is checked and drawn (as a person types: checks never queue). A
//   keystroke's time starts at its keydown (or beforeinput, for characters typed as text) in the
//   page and ends at the `guidepost:drawn` mark the content script sets after it redrew the
//   underlines for the text that includes it. Content-script marks (isolated world) are on the
//   document's timeline, so the page sees them with a PerformanceObserver.
// - Memory of one tab: the page's JS heap after that typing plus a minute, with the extension minus
//   without it (the content script shares the page's V8 heap, so the difference is its share), and
//   the wasm memory and JS heap of the extension's service worker (one for all tabs).
//
// Debounce: none. The content script checks as soon as the editor's DOM changes, with at most one
// check in flight (changes during a check trigger one more check after it).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SITES, launchBrowser, openSite, typeInto } from './harness.mjs';
import { stopWorker, workerMemory, workerSession } from './probes.mjs';
import { realisticText } from '../bench/texts.mjs';

const EXTENSION_DIR = resolve('dist');
const POST_CHARS = 3_000;
const MEMORY_AFTER_MS = 60_000;
/** From the click into the box to the first key: a person moving a hand from mouse to keys is slower. */
const FOCUS_TO_KEY_MS = 300;

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}

/**
 * Installed in every page's main world before its scripts run: notes when the compose box appears,
 * every keydown/beforeinput, and every guidepost:* mark of the content script.
 */
function pageRecorder(selectors) {
  const selector = selectors[location.hostname];
  const probe = { box: null, keys: [], marks: [], last: {}, firstDrawn: null };
  window.__guidepostProbe = probe;
  const boxWatcher = new MutationObserver(() => {
    if (selector && document.querySelector(selector)) {
      probe.box = performance.now();
      boxWatcher.disconnect();
    }
  });
  // Attributes too: an editor may mark its box (e.g. data-lexical-editor) after inserting it.
  boxWatcher.observe(document, { childList: true, subtree: true, attributes: true });
  for (const type of ['keydown', 'beforeinput']) addEventListener(type, () => probe.keys.push(performance.now()), true);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (!entry.name.startsWith('guidepost:')) continue;
      const step = entry.name.slice('guidepost:'.length);
      probe.marks.push({ step, at: entry.startTime, length: entry.detail?.length ?? null, checkMs: entry.detail?.checkMs ?? null });
      probe.last[step] = entry.startTime;
      if (step === 'drawn' && probe.firstDrawn === null) probe.firstDrawn = entry.startTime;
    }
  }).observe({ type: 'mark', buffered: true });
}

/**
 * Resolves, with the time of the drawing, once the content script has drawn after the last key
 * event (and after `after`) and has nothing left to do: no check in flight, no change since.
 */
async function settled(page, after) {
  const handle = await page.waitForFunction(
    (earliest) => {
      const { last, keys } = window.__guidepostProbe;
      const since = Math.max(earliest, keys.at(-1) ?? -1);
      const drawn = last.drawn ?? -1;
      return drawn > since && drawn >= (last.send ?? -1) && drawn >= (last.input ?? -1) ? drawn : false;
    },
    after,
    { timeout: 30_000 },
  );
  return handle.jsonValue();
}

/**
 * Opens the site; returns how long after the compose box appeared the first check was drawn, and
 * how much of that passed before the content script sent that check (its injection and start).
 */
async function startTime(context, site) {
  const page = await openSite(context, site);
  await page.waitForFunction(() => window.__guidepostProbe.firstDrawn !== null, null, { timeout: 30_000 });
  const { box, firstDrawn, marks } = await page.evaluate(() => window.__guidepostProbe);
  await page.close();
  return { total: firstDrawn - box, beforeSend: marks.find((m) => m.step === 'send').at - box };
}

/** How long ago the extension's service worker started, by its own clock. */
async function workerAge(context, extensionId) {
  const worker = await workerSession(context, extensionId);
  try {
    const { result } = await worker.send('Runtime.evaluate', { expression: 'performance.now()', returnByValue: true });
    return result.value;
  } finally {
    await worker.close();
  }
}

/** The page's JS heap after a full GC. */
async function pageHeap(page) {
  await page.evaluate(() => {
    const probe = window.__guidepostProbe;
    probe.keys.length = 0;
    probe.marks.length = 0;
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, min: sorted[0], p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] };
}

/**
 * The page open with a draft and the worker stopped: a click into the box, the first key
 * FOCUS_TO_KEY_MS later. Returns that key's time to its underline, and when the worker started
 * (ms after the click: the focus woke it, not the key, when this is below FOCUS_TO_KEY_MS).
 */
async function wokenOnFocus(context, extensionId, site) {
  const page = await openSite(context, site);
  await typeInto(page, site, 'Hello colleagues, ');
  await settled(page, -1);
  await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
  await stopWorker(context, extensionId);
  const clickedAt = await page.evaluate(() => performance.now());
  const clickedEpoch = Date.now();
  await page.locator(SITES[site].composeBox).click();
  await page.keyboard.press('Control+End');
  await page.waitForTimeout(FOCUS_TO_KEY_MS);
  const before = await page.evaluate(() => window.__guidepostProbe.last.drawn ?? -1);
  await page.keyboard.type('x');
  const drawn = await settled(page, before);
  const key = await page.evaluate((after) => window.__guidepostProbe.keys.find((t) => t > after), clickedAt + FOCUS_TO_KEY_MS / 2);
  const age = await workerAge(context, extensionId);
  await page.close();
  return { total: drawn - key, workerStartedAfterClickMs: Date.now() - age - clickedEpoch };
}

/** Types the post (fast, then the last `paced` characters one by one) and returns the paced samples. */
async function typePost(page, site, text, paced) {
  const head = text.slice(0, text.length - paced);
  const tail = [...text.slice(text.length - paced)];
  const started = Date.now();
  await typeInto(page, site, head);
  const caughtUp = await settled(page, -1);
  const burstDone = await page.evaluate(() => window.__guidepostProbe.keys.at(-1));
  const samples = [];
  let previous = caughtUp;
  for (const ch of tail) {
    if (ch === '\n') await page.keyboard.press('Enter');
    else await page.keyboard.type(ch);
    previous = await settled(page, previous);
    samples.push(previous);
  }
  const { keys, marks } = await page.evaluate(() => window.__guidepostProbe);
  // Each paced keystroke starts at the first key event after the previous one was drawn.
  const rows = [];
  let from = caughtUp;
  for (const drawn of samples) {
    const start = keys.find((t) => t > from);
    const between = marks.filter((m) => m.at >= start && m.at <= drawn);
    const first = (step) => between.find((m) => m.step === step)?.at;
    const lastReply = between.filter((m) => m.step === 'reply').at(-1);
    rows.push({ total: drawn - start, input: first('input') - start, send: first('send'), reply: lastReply?.at, drawn, checkMs: lastReply?.checkMs, start });
    from = drawn;
  }
  return { rows, burstChars: [...head].length, burstCatchUpMs: caughtUp - burstDone, typingMs: Date.now() - started };
}

async function probeWithExtension(paced, text) {
  const browser = await launchBrowser({ extensionDir: EXTENSION_DIR });
  const selectors = Object.fromEntries(Object.values(SITES).map(({ url, composeBox }) => [new URL(url).hostname, composeBox]));
  await browser.context.addInitScript(pageRecorder, selectors);
  const results = {};
  const pages = {};
  try {
    for (const site of Object.keys(SITES)) {
      await stopWorker(browser.context, browser.extensionId);
      const stopped = Date.now();
      const cold = await startTime(browser.context, site);
      // Proof that the check really started the worker anew: it is younger than the stop.
      const coldWorkerAgeMs = await workerAge(browser.context, browser.extensionId);
      const warm = [];
      for (let i = 0; i < 5; i++) warm.push(await startTime(browser.context, site));
      const woken = await wokenOnFocus(browser.context, browser.extensionId, site);
      results[site] = {
        start: {
          wokenOnFocus: woken.total,
          wokenWorkerStartedAfterClickMs: woken.workerStartedAfterClickMs,
          focusToKeyMs: FOCUS_TO_KEY_MS,
          cold: cold.total,
          coldBeforeSend: cold.beforeSend,
          coldWorkerRestarted: coldWorkerAgeMs < Date.now() - stopped,
          warm: summary(warm.map((w) => w.total)),
          warmBeforeSend: summary(warm.map((w) => w.beforeSend)),
        },
      };
    }
    // Every tab stays open; its memory is read a minute after its typing started.
    let lastStarted = 0;
    for (const site of Object.keys(SITES)) {
      const page = await openSite(browser.context, site);
      pages[site] = page;
      await settled(page, -1);
      lastStarted = Date.now();
      const typed = await typePost(page, site, text, paced);
      const latency = summary(typed.rows.map((r) => r.total));
      const withReply = typed.rows.filter((r) => r.reply !== undefined && r.checkMs != null);
      const phases = {
        editor: summary(typed.rows.map((r) => r.input)),
        toCheck: summary(typed.rows.map((r) => r.send - r.start - r.input)),
        messaging: summary(withReply.map((r) => r.reply - r.send - r.checkMs)),
        check: summary(withReply.map((r) => r.checkMs)),
        draw: summary(withReply.map((r) => r.drawn - r.reply)),
      };
      const checkedLength = await page.evaluate(() => document.querySelector('guidepost-ui')?.dataset.checkedLength);
      Object.assign(results[site], { latency, phases, checkedLength: Number(checkedLength), typing: { ...typed, rows: undefined } });
      console.error(`${site}: keystroke to underline p50 ${latency.p50.toFixed(2)} ms, p95 ${latency.p95.toFixed(2)} ms`);
    }
    const wait = MEMORY_AFTER_MS - (Date.now() - lastStarted);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (const site of Object.keys(SITES)) results[site].heap = await pageHeap(pages[site]);
    const worker = await workerMemory(browser.context, browser.extensionId);
    return { sites: results, worker };
  } finally {
    await browser.close();
  }
}

/** The same typing without the extension, for the heap the content script adds. */
async function baselineHeaps(text) {
  const browser = await launchBrowser();
  const selectors = Object.fromEntries(Object.values(SITES).map(({ url, composeBox }) => [new URL(url).hostname, composeBox]));
  await browser.context.addInitScript(pageRecorder, selectors);
  const heaps = {};
  try {
    for (const site of Object.keys(SITES)) {
      const page = await openSite(browser.context, site);
      await typeInto(page, site, text);
      heaps[site] = await pageHeap(page);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return heaps;
}

async function main() {
  const paced = Number(option('--paced', '200'));
  const text = realisticText(POST_CHARS);
  const { sites, worker } = await probeWithExtension(paced, text);
  const baseline = await baselineHeaps(text);
  const result = { debounceMs: 0, postChars: POST_CHARS, paced, worker, sites: {} };
  const mb = (bytes) => (bytes / 1e6).toFixed(2);
  const ms = (value) => value.toFixed(1);
  console.log(`\nKeystroke to updated underline: ${paced} keystrokes typed one at a time at the end of a ${POST_CHARS.toLocaleString('en-US')}-character post (debounce: none), ms`);
  console.log('| editor | p50 | p95 | p99 | max | editor updates DOM (p50) | to check sent (p50) | messaging (p50) | check in worker (p50) | draw (p50) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [site, r] of Object.entries(sites)) {
    const p = r.phases;
    console.log(`| ${site} | ${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${ms(p.editor.p50)} | ${ms(p.toCheck.p50)} | ${ms(p.messaging.p50)} | ${ms(p.check.p50)} | ${ms(p.draw.p50)} |`);
  }
  console.log('\nStart (compose box shown to first check drawn, ms) and memory of one tab after typing the post and a minute');
  console.log('| editor | start, worker stopped (before the first check was sent) | start, worker running (p50 of 5) | first key after a click woke the worker | page heap with / without extension, MB | content script share, MB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [site, r] of Object.entries(sites)) {
    const contentHeap = r.heap - baseline[site];
    result.sites[site] = { ...r, baselineHeap: baseline[site], contentScriptHeap: contentHeap };
    const restarted = r.start.coldWorkerRestarted ? '' : ' (worker was not restarted!)';
    console.log(`| ${site} | ${ms(r.start.cold)} (${ms(r.start.coldBeforeSend)})${restarted} | ${ms(r.start.warm.p50)} (${ms(r.start.warmBeforeSend.p50)}) | ${ms(r.start.wokenOnFocus)} (worker started ${ms(r.start.wokenWorkerStartedAfterClickMs)} ms after the click) | ${mb(r.heap)} / ${mb(baseline[site])} | ${mb(contentHeap)} |`);
  }
  console.log(`\nService worker (one for all tabs): wasm memory ${mb(worker.wasmMemory)} MB, JS heap ${mb(worker.jsHeapUsed)} MB`);
  const json = option('--json');
  if (json) {
    mkdirSync(dirname(resolve(json)), { recursive: true });
    writeFileSync(resolve(json), JSON.stringify(result, null, 2));
  }
}

await main();
