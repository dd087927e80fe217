// Hostile managed policy, delivered the way IT delivers it: Chromium on Linux reads
// /etc/chromium/policies/managed/*.json at start, and hands `3rdparty.extensions.<id>` to the
// extension with that id as chrome.storage.managed (an unpacked extension's id follows from its
// path, so each case loads its own copy of dist/). Nothing here replaces storage.managed.get.
// Each case: a clear error in the popup naming the key or the pack's line, the built-in pack still
// checking on all three editors, and the service worker's memory bounded. What Chromium itself
// refuses (a value of the wrong type, a file that is not UTF-8) never reaches Guidepost: the test
// shows that it does not, and that the rest of the policy still applies.
// Needs root (the policy directory is the machine's); the files are removed after each case.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SITES, launchBrowser } from './harness.mjs';
import { EXTENSION_DIR, allUnderlined, inWorker, openPopup, openWithPost } from './guidepost.mjs';
import { until, workerMemory } from './probes.mjs';

const POLICY_DIR = '/etc/chromium/policies/managed';
const ID = '131052-308T';
const PASSWORD = 'Password: Summer2024!';
const POST = `hetu ${ID}\n${PASSWORD}`;
/** The service worker's wasm memory and JS heap together, with the built-in pack: about 60 MB. */
const MEMORY_LIMIT = 256 * 1024 * 1024;

/** Chromium's id for an unpacked extension: the SHA-256 of its path, in the letters a–p. */
function unpackedId(dir) {
  const hex = createHash('sha256').update(realpathSync(dir)).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + parseInt(digit, 16))).join('');
}

const copies = [];
after(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * Writes `files(id)` (name → JSON text or bytes) into the policy directory, launches Chromium with
 * a fresh copy of the extension, waits until the policy has reached it (`ready(view, managed)`),
 * runs `body`, and removes the files whatever happens.
 */
async function withPolicy(files, ready, body) {
  const parent = mkdtempSync(join(tmpdir(), 'guidepost-policy-'));
  copies.push(parent);
  const dir = join(parent, 'dist');
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const id = unpackedId(dir);
  mkdirSync(POLICY_DIR, { recursive: true });
  const written = Object.entries(files(id)).map(([name, content]) => {
    const path = join(POLICY_DIR, `guidepost-test-${id}-${name}.json`);
    writeFileSync(path, content);
    return path;
  });
  let browser;
  try {
    browser = await launchBrowser({ extensionDir: dir });
    assert.equal(browser.extensionId, id, 'the id Chromium gave the extension is the one the policy names');
    const started = Date.now();
    const state = await until(
      () => inWorker(browser, async () => ({ view: (await guidepostWorker.currentState()).view, managed: await chrome.storage.managed.get(null) })),
      ({ view, managed }) => ready(view, managed),
      { timeout: 60_000, message: 'the policy reached the extension and its checker was built' },
    );
    await body({ browser, ...state, ms: Date.now() - started });
  } finally {
    for (const path of written) rmSync(path, { force: true });
    await browser?.close();
  }
}

const policyFor = (id, policy) => JSON.stringify({ '3rdparty': { extensions: { [id]: policy } } });

/** On every editor the built-in pack flags the identity code; the password only if `password` is on. */
async function builtInChecks(browser, { passwordRule = true } = {}) {
  let first;
  for (const site of Object.keys(SITES)) {
    const page = await openWithPost(browser, site, POST);
    const underlined = await allUnderlined(page);
    assert.ok(underlined.includes(ID), `${site}: ${underlined.join(' | ')}`);
    assert.equal(underlined.includes(PASSWORD), passwordRule, `${site}: the password rule is ${passwordRule ? 'on' : 'off, as the policy says'}`);
    if (first) await page.close();
    else first = page;
  }
  return first;
}

async function popupErrors(browser, page) {
  const popup = await openPopup(browser, page);
  const text = await popup.locator('#errors').textContent();
  await popup.close();
  return text;
}

async function boundedMemory(browser, t) {
  const { jsHeapUsed, wasmMemory } = await workerMemory(browser.context, browser.extensionId);
  t.diagnostic(`service worker: wasm ${Math.round(wasmMemory / 1e6)} MB, JS heap ${Math.round(jsHeapUsed / 1e6)} MB`);
  assert.ok(jsHeapUsed + wasmMemory < MEMORY_LIMIT, `the service worker holds ${Math.round((jsHeapUsed + wasmMemory) / 1e6)} MB`);
}

/** The built-in pack, padded with comment lines to `bytes`. */
function paddedPack(bytes) {
  const pack = readFileSync('guidelines/helsinki.toml', 'utf8');
  const line = `# ${'x'.repeat(97)}\n`;
  return pack + line.repeat(Math.ceil((bytes - pack.length) / line.length));
}

/** A small valid pack whose one rule watches `terms`. */
function packWatching(terms) {
  return `[pack]
id = "hostile"
name = { en = "Hostile", fi = "Hostile", sv = "Hostile" }
url = "https://example.org/guidelines"
version = 1

[[section]]
id = "privacy"
url = "https://example.org/guidelines#privacy"
title = { en = "Privacy", fi = "Yksityisyys", sv = "Integritet" }
summary = { en = "S.", fi = "S.", sv = "S." }

[[rule]]
id = "secret-word"
category = "confidential"
section = "privacy"
severity = "warn"
message = { en = "Secret.", fi = "Salainen.", sv = "Hemlig." }
terms.en = ${JSON.stringify(terms)}

[help]
harassed = { en = "Block.", fi = "Estä.", sv = "Blockera." }
contacts = { en = "HR helps.", fi = "HR auttaa.", sv = "HR hjälper." }
intranet = { name = { en = "Intra", fi = "Intra", sv = "Intra" }, url = "https://intra.example.org/" }
`;
}

describe('a hostile managed policy, through Chromium\'s own policy loading', () => {
  test('a 5 MB guideline pack: refused with its size, the built-in pack checks', async (t) => {
    const pack = paddedPack(5 * 1024 * 1024);
    await withPolicy((id) => ({ policy: policyFor(id, { guidelinePack: pack }) }), (view) => view.customPack && view.errors.length > 0, async ({ browser, view, ms }) => {
      t.diagnostic(`policy in force and checker built ${ms} ms after start`);
      assert.equal(view.checkerReady, true);
      const page = await builtInChecks(browser);
      assert.match(await popupErrors(browser, page), /built-in guidelines are used: custom pack: the pack is 5\d{3} KB; a pack may be at most 1024 KB/);
      await boundedMemory(browser, t);
    });
  });

  test('100,000 confidential names: refused by count, every other setting of the policy still applies', async (t) => {
    const names = Array.from({ length: 100_000 }, (_, i) => `zephyr-${i}`);
    await withPolicy((id) => ({ policy: policyFor(id, { confidentialTerms: names, disabledRules: ['password'] }) }), (view) => view.errors.length > 0, async ({ browser, view, ms }) => {
      t.diagnostic(`policy in force and checker built ${ms} ms after start`);
      assert.equal(view.confidentialTermCount, 100_000);
      const page = await builtInChecks(browser, { passwordRule: false });
      assert.match(await popupErrors(browser, page), /confidential names could not be used, so they are not checked: options: confidentialTerms: 100000 names; at most 1000 may be given/);
      await boundedMemory(browser, t);
    });
  });

  test('pathological wildcards: a term of nine wildcards names its rule and line, names that all begin alike are refused', async (t) => {
    const pack = packWatching([Array(9).fill('aa*').join(' ')]);
    const names = Array.from({ length: 17 }, (_, i) => `project ${i}`);
    await withPolicy((id) => ({ policy: policyFor(id, { guidelinePack: pack, confidentialTerms: names }) }), (view) => view.errors.length >= 2, async ({ browser, ms }) => {
      t.diagnostic(`policy in force and checker built ${ms} ms after start`);
      const page = await builtInChecks(browser);
      const errors = await popupErrors(browser, page);
      assert.match(errors, /built-in guidelines are used: custom pack:14:6: rule `secret-word`: term `aa\* aa\* aa\* aa\* aa\* aa\* aa\* aa\* aa\*…` has more than 8 words/);
      assert.match(errors, /not checked: options: confidentialTerms: more than 16 terms begin like `project`; at most 16 may/);
      await boundedMemory(browser, t);
    });
  });

  test('deeply nested tables and arrays: an error with the line, the built-in pack checks', async (t) => {
    const pack = `[pack]\nid = "deep"\nx = ${'{ a = '.repeat(20_000)}1${' }'.repeat(20_000)}\ny = ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;
    await withPolicy((id) => ({ policy: policyFor(id, { guidelinePack: pack }) }), (view) => view.errors.length > 0, async ({ browser, ms }) => {
      t.diagnostic(`policy in force and checker built ${ms} ms after start`);
      const page = await builtInChecks(browser);
      assert.match(await popupErrors(browser, page), /built-in guidelines are used: custom pack:3:\d+: cannot recurse further/);
      await boundedMemory(browser, t);
    });
  });

  test('a policy file that is not UTF-8, or has lone surrogates: Chromium refuses the file, the one before it still applies', async (t) => {
    const files = (id) => ({
      // Files are read in name order and the later one wins: the valid file comes first, so it
      // stays in force only because Chromium refuses the two after it.
      'a-valid': policyFor(id, { disabledRules: ['password'] }),
      'b-bytes': Buffer.concat([Buffer.from(`{"3rdparty":{"extensions":{"${id}":{"confidentialTerms":["ab`), Buffer.from([0xff, 0xfe]), Buffer.from('cd"],"minSeverity":"stop"}}}}')]),
      'c-surrogates': `{"3rdparty":{"extensions":{"${id}":{"confidentialTerms":["ab\\ud800cd","\\udfff"],"guidelinePack":"[pack]\\nid = \\"\\ud800\\""}}}}`,
    });
    await withPolicy(files, (view, managed) => managed.disabledRules?.length === 1 && view.settings.disabledRules.includes('password'), async ({ browser, view, managed }) => {
      assert.deepEqual(managed, { disabledRules: ['password'] }, 'nothing of the refused files reached the extension');
      assert.deepEqual(view.errors, []);
      await builtInChecks(browser, { passwordRule: false });
      await boundedMemory(browser, t);
    });
  });

  test('the wrong type in every key but one: Chromium drops each such value against the schema, the valid one applies', async (t) => {
    // One file, one extension: a second file for the same extension would replace this one whole.
    const wrong = { forceCategoriesOn: [1, 2], confidentialTerms: 'zephyr', lockedSettings: {}, guidelinePack: ['a'], sites: 'off', disabledCategories: 5, minSeverity: 7, role: 'dean', language: 'de', prePostCheck: 'yes' };
    const schema = JSON.parse(readFileSync(join(EXTENSION_DIR, 'managed_schema.json'), 'utf8'));
    assert.deepEqual([...Object.keys(wrong), 'disabledRules'].sort(), Object.keys(schema.properties).sort(), 'every other policy key has a wrong value');
    const files = (id) => ({ policy: policyFor(id, { ...wrong, disabledRules: ['password'] }) });
    await withPolicy(files, (view, managed) => managed.disabledRules?.length === 1 && view.settings.disabledRules.includes('password'), async ({ browser, view, managed }) => {
      assert.deepEqual(managed, { disabledRules: ['password'] }, 'no value of the wrong type reached the extension');
      assert.deepEqual(view.errors, []);
      assert.equal(view.settings.minSeverity, 'tip');
      await builtInChecks(browser, { passwordRule: false });
      await boundedMemory(browser, t);
    });
  });
});
