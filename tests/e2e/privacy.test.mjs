// Never leak the draft. Drafts full of findings are typed on X, LinkedIn, Facebook, Bluesky and
// Threads, their cards opened, a fix applied, a finding ignored and the popup opened over each; then:
// - no request went anywhere (the harness records every request of pages, content scripts, the
//   service worker and extension pages),
// - no store holds any part of a draft: chrome.storage local/sync/session, the extension's and the
//   sites' Web Storage, IndexedDB, CacheStorage and cookies, and no file the browser wrote to its
//   profile on disk,
// - no console message (page, content script, popup, service worker) contains any of it.
// Each check first proves it can see: a canary written into each place is found there.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchBrowser, openSite, typeInto } from './harness.mjs';
import { hoverFinding, uiButton, underlined, waitForCheck, worker } from './guidepost.mjs';
import { dumpStores, filesContaining, filesUnder, hoverUnderline, openPopupOver, recordConsole } from './probes.mjs';

const EXTENSION_DIR = resolve(process.env.GUIDEPOST_DIST ?? 'dist');

/** One draft per site, each with words found nowhere else (the marker) and several findings. */
const DRAFTS = {
  x: 'Quokkamarmalade day! Opiskelijan hetu on 131052-308T.\nMy password: Kissa123! and AKIAIOSFODNN7EXAMPLE\nPaper: https://sci-hub.se/10.1038/s41586-020-2649-2 under embargo until Friday',
  linkedin: 'Zanzibarpelican update: the password is Hunter2024! and hetu 010101A123N.\nGet it at libgen.is/book/index.php?md5=GUIDEPOSTXYZ, results under embargo.',
  facebook: 'Tamarindwalrus notes: the wifi password is "Otter9876" and ghp_abcdefghijklmnopqrstuvwxyz0123456789\nTulokset ovat embargossa, hetu 131052-308T.',
  bluesky: 'Narwhalorigami reply: my password: Lumikko4455! and hetu 010101A123N.\nThe preprint https://sci-hub.se/10.1000/xyz123 is under embargo until Monday',
  threads: 'Kiwiaccordion thread: my password: Sammal7788! and hetu 131052-308T.\nToken ghp_zyxwvutsrqponmlkjihgfedcba9876543210 and https://libgen.is/book/index.php?md5=KIWIXYZ',
};

/**
 * Every piece of the drafts that could identify them: each word of seven or more letters, or of
 * five or more with a digit, that does not occur anywhere in the extension's own files (so
 * "password", which the guideline pack contains, is not one, but "Kissa123", "Opiskelijan" and
 * "Quokkamarmalade" are). Short common words ("notes") also occur in the browser's own files.
 */
function draftPieces() {
  const own = filesUnder(EXTENSION_DIR).map((path) => readFileSync(path, 'latin1')).join('\n').toLowerCase();
  const pieces = new Set();
  for (const draft of Object.values(DRAFTS)) {
    for (const piece of draft.match(/[\p{L}\p{N}_-]{5,}/gu)) {
      const telling = piece.length >= 7 || /\d/.test(piece);
      if (telling && !own.includes(piece.toLowerCase())) pieces.add(piece);
    }
  }
  return [...pieces];
}

const CANARY = 'GuidepostTestCanary4711';

let browser;
let consoleLog;
let pieces;
let storesAfter;
let sitePagesStores;
const sitePages = {};
const popupTexts = {};

before(async () => {
  pieces = draftPieces();
  browser = await launchBrowser({ extensionDir: EXTENSION_DIR });
  consoleLog = recordConsole(browser.context);
  const serviceWorker = await worker(browser);

  // Canaries: one in every store the dump reads, and one console message from every context, so
  // that the checks below are shown to see what they look at.
  await serviceWorker.evaluate(async (canary) => {
    console.info(`service worker ${canary}`);
    for (const area of ['local', 'session']) await globalThis.chrome?.storage?.[area]?.set({ canary });
    const open = indexedDB.open('canary-db');
    open.onupgradeneeded = () => open.result.createObjectStore('store');
    const db = await new Promise((done) => (open.onsuccess = () => done(open.result)));
    await new Promise((done) => {
      const tx = db.transaction('store', 'readwrite');
      tx.objectStore('store').put({ value: canary }, 'key');
      tx.oncomplete = done;
    });
    db.close();
    // A key only: nothing is fetched.
    await (await caches.open('canary-cache')).put('https://canary.invalid/', new Response(canary));
  }, CANARY);

  for (const [site, draft] of Object.entries(DRAFTS)) {
    const page = await openSite(browser.context, site);
    sitePages[site] = page;
    await page.evaluate((canary) => console.log(`page ${canary}`), CANARY);
    await typeInto(page, site, draft);
    await waitForCheck(page, draft.length);
    assert.ok((await underlined(page)).stop.length >= 3, `the ${site} draft is full of findings`);
    // Open a card by hovering, then one with the caret, and apply a one-click fix from it.
    await hoverUnderline(page, 'stop');
    await page.keyboard.press('Escape');
    const popup = await openPopupOver(browser, page);
    popupTexts[site] = await popup.evaluate(() => document.body.innerText);
    await popup.close();
  }
  // A fix through the card (on X, the identity code is masked).
  const x = sitePages.x;
  await x.bringToFront();
  await hoverFinding(x, '131052-308T', 'finnish-id');
  await uiButton(x, 'mask').click();
  await x.waitForFunction(() => window.__fixture.getText().includes('•••'));
  // "Ignore here" on Facebook (it remembers a hash, never the text).
  const facebook = sitePages.facebook;
  await facebook.bringToFront();
  await hoverFinding(facebook, 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', 'api-token');
  await uiButton(facebook, 'ignore').click();
  await facebook.waitForFunction(() => ![...CSS.highlights.get('guidepost-stop')].some((r) => r.toString().startsWith('ghp_')));

  await consoleLog.settled();
  storesAfter = await serviceWorker.evaluate(dumpStores);
  sitePagesStores = {};
  for (const [site, page] of Object.entries(sitePages)) sitePagesStores[site] = await page.evaluate(dumpStores);
});

after(() => browser?.close());

test('the drafts are worth protecting: the popups saw their findings', () => {
  assert.ok(pieces.length >= 10, `pieces to look for: ${pieces.join(', ')}`);
  for (const site of Object.keys(DRAFTS)) assert.doesNotMatch(popupTexts[site], /unavailable/i, `popup on ${site}: ${popupTexts[site]}`);
});

describe('no network', () => {
  test('nothing but the fixture pages was requested, by anyone', () => {
    assert.deepEqual(browser.strayRequests(), []);
  });

  test('the service worker and extension pages made no http(s) request at all', () => {
    const ours = browser.requests.filter((r) => r.from === 'service-worker' || r.from === 'worker' || r.frameUrl?.startsWith('chrome-extension://'));
    assert.deepEqual(ours, []);
  });

  test("the extension only ever loaded its own package's files", () => {
    const own = `chrome-extension://${browser.extensionId}/`;
    const foreign = browser.extensionRequests.filter((r) => !r.url.startsWith(own));
    assert.deepEqual(foreign, []);
  });
});

describe('nothing stored', () => {
  test("the extension's stores hold no part of a draft", () => {
    assert.ok(storesAfter.includes(CANARY), 'the dump reads the stores the canaries were put in');
    for (const store of ['canary-db', 'canary-cache']) assert.ok(storesAfter.includes(store), `the dump lists ${store}`);
    const found = pieces.filter((piece) => storesAfter.includes(piece));
    assert.deepEqual(found, [], `found in the extension's stores: ${storesAfter.slice(0, 2000)}`);
  });

  test("the sites' own stores (which content scripts share) hold no part of a draft", () => {
    for (const [site, dump] of Object.entries(sitePagesStores)) {
      const found = pieces.filter((piece) => dump.includes(piece));
      assert.deepEqual(found, [], `found in ${site}'s stores: ${dump.slice(0, 2000)}`);
    }
  });

  test('no file in the browser profile holds any part of a draft', async () => {
    // Closing the context makes the browser write everything it keeps to disk.
    await browser.context.close();
    assert.ok(filesContaining(browser.userDataDir, CANARY).length > 0, 'the scan finds the canary the extension stored');
    const found = pieces.map((piece) => [piece, filesContaining(browser.userDataDir, piece)]).filter(([, files]) => files.length > 0);
    assert.deepEqual(found, []);
  });
});

describe('no draft in the console', () => {
  test('no console message of any page, content script, popup or the service worker holds any part of a draft', () => {
    const messages = consoleLog.messages;
    assert.ok(messages.some((m) => m.url.startsWith('chrome-extension://') && m.text.includes(CANARY)), 'the service worker console is recorded');
    assert.ok(messages.some((m) => m.url.startsWith('https://') && m.text.includes(CANARY)), 'page consoles are recorded');
    const leaks = messages.filter((m) => pieces.some((piece) => m.text.includes(piece) || m.args.includes(piece)));
    assert.deepEqual(leaks, []);
  });
});
