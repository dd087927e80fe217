// @ts-check
// Guidepost's checker runs here, in the extension's own context, because a host page's CSP
// applies to WebAssembly in content scripts and the real sites do not allow it. Drafts arrive by
// extension messaging, are checked, and are never stored or sent anywhere.
//
// This worker also owns the settings: it reads them (chrome.storage.sync, with the organisation's
// chrome.storage.managed policy laid over them), builds the Checker from them, rebuilds it when
// they change and tells the open tabs, and is the only place that writes them.

import initChecker, { Checker, categories } from './guidepost.js';
import * as I18n from './i18n.js';
import { askTab, serve, toTab, toWorker } from './protocol.js';
import * as Servers from './servers.js';
import * as Settings from './settings.js';

/** The pages Guidepost runs on (the manifest's content_scripts.matches). */
const SITE_PATTERNS = chrome.runtime.getManifest().content_scripts.flatMap((script) => script.matches);

/**
 * What the worker builds from the settings, once per change.
 * @typedef {object} State
 * @property {Checker | null} checker null when the checker cannot load
 * @property {import('./protocol.js').PackGuidelines | null} guidelines
 * @property {Settings.Values} own the person's own settings, without the policy
 * @property {import('./protocol.js').View} view
 * @property {Record<string, unknown>} synced what chrome.storage.sync held when it was built
 */

/** @type {Promise<unknown> | null} */
let wasmReady = null;
/** @type {Promise<State> | null} */
let statePromise = null;
/** How many times the state and the checker were built: one settings change builds each once (tests/e2e/rebuilds.test.mjs). */
const builds = { states: 0, checkers: 0 };
/** The settings work that storage changes started, one after another. */
let storageWork = Promise.resolve();

function initWasm() {
  wasmReady ??= initChecker({ module_or_path: chrome.runtime.getURL('guidepost_bg.wasm') }).catch((error) => {
    wasmReady = null;
    throw error;
  });
  return wasmReady;
}

/**
 * The current state: settings, the checker built from them, the UI's messages. Built once per change.
 * @returns {Promise<State>}
 */
function currentState() {
  statePromise ??= buildState().catch((error) => {
    statePromise = null;
    throw error;
  });
  return statePromise;
}

/** chrome.storage.managed, or {} where there is no policy (Firefox rejects when none is installed). */
async function readPolicy() {
  try {
    return await chrome.storage.managed.get(null);
  } catch {
    return {};
  }
}

/** @returns {Promise<State>} */
async function buildState() {
  // A checker that cannot load must not take the settings, the popup and the pages down with it:
  // they carry on without one and say that the checker is unavailable. The wasm compiles while
  // the settings are read.
  const wasmLoaded = initWasm().then(
    () => null,
    (error) => String(error?.message ?? error),
  );
  builds.states += 1;
  const stored = await chrome.storage.sync.get(null);
  const migrated = Settings.migrate(stored);
  const synced = { ...stored, ...migrated.write };
  for (const key of migrated.remove) delete synced[key];
  if (Object.keys(migrated.write).length) await chrome.storage.sync.set(migrated.write);
  if (migrated.remove.length) await chrome.storage.sync.remove(migrated.remove);
  const resolved = Settings.applyPolicy(migrated.values, await readPolicy());
  const language = Settings.resolveLanguage(resolved.settings.language, chrome.i18n.getUILanguage());
  const messages = await I18n.load(language).catch(() => I18n.load('en'));
  const wasmError = await wasmLoaded;
  const errors = [
    ...migrated.errors.map((detail) => ({ kind: 'settings', detail })),
    ...resolved.errors.map((detail) => ({ kind: 'policy', detail })),
  ];
  if (wasmError) errors.push({ kind: 'checker', detail: wasmError });
  const checker = wasmError ? null : buildChecker(resolved, language, errors);
  for (const error of errors) console.warn(`Guidepost: ${error.kind}: ${error.detail}`);
  return {
    checker,
    guidelines: checker ? { ...checker.guidelines(), help: checker.help() } : null,
    own: migrated.values,
    synced,
    view: {
      settings: resolved.settings,
      locked: resolved.locked,
      forcedCategories: resolved.forcedCategories,
      confidentialTermCount: resolved.confidentialTerms.length,
      customPack: Boolean(resolved.pack),
      language,
      messages,
      errors,
      checkerReady: Boolean(checker),
      servers: await Servers.servers(),
    },
  };
}

/**
 * The checker for these settings. Whatever the organisation's pack or terms do, the person gets a
 * working checker: a pack that does not load falls back to the built-in guidelines, confidential
 * names that cannot be used are left out, other options that fail fall back to the defaults, and
 * each fallback is reported.
 */
function buildChecker(resolved, language, errors) {
  const attempt = (options) => {
    builds.checkers += 1;
    try {
      return { checker: new Checker(options) };
    } catch (error) {
      return { error: String(error?.message ?? error) };
    }
  };
  const known = categories();
  let options = Settings.checkerOptions(resolved, language, known);
  let built = attempt(options);
  if (built.error && options.pack) {
    errors.push({ kind: 'pack', detail: built.error });
    options = Settings.checkerOptions({ ...resolved, pack: null }, language, known);
    built = attempt(options);
  }
  // The organisation's names fail on their own (too many, a term too long): every other setting stays.
  if (built.error && options.confidentialTerms.length) {
    const withoutNames = attempt({ ...options, confidentialTerms: [] });
    if (withoutNames.checker) {
      errors.push({ kind: 'terms', detail: built.error });
      built = withoutNames;
    }
  }
  if (built.error) {
    errors.push({ kind: 'options', detail: built.error });
    built = attempt({ messages: language });
    if (built.error) {
      errors.push({ kind: 'checker', detail: built.error });
      return null;
    }
  }
  return built.checker;
}

/** Forget the state; the next request builds it from storage again. */
function invalidate() {
  statePromise = null;
}

/**
 * Tells every tab on the three sites and the servers turned on (and on `also`: a server being
 * turned off) about new settings, so their drafts are checked again.
 */
async function broadcast(also = []) {
  const { view } = await currentState();
  const tabs = await chrome.tabs.query({ url: [...SITE_PATTERNS, ...view.servers.map(Servers.patternOf), ...also] });
  await Promise.all(tabs.map((tab) => askTab(tab.id, toTab.state(view))));
}

async function settingsChanged() {
  invalidate();
  try {
    await broadcast();
  } catch (error) {
    console.error('Guidepost: could not apply the new settings:', error);
  }
}

/**
 * Stores a change the person asked for, builds the state from it once and tells every tab once.
 * The state is replaced before the write is under way, so the storage event the write causes finds
 * it built from what was written (syncChanged) and does nothing more.
 */
async function writeSettings(changes) {
  const { view, own } = await currentState();
  const checked = Settings.validateChanges(changes, view.locked, own);
  if (checked.error) throw new Error(checked.error);
  const written = chrome.storage.sync.set({ ...checked.changes, [Settings.VERSION_KEY]: Settings.VERSION });
  statePromise = written.then(buildState).catch((error) => {
    statePromise = null;
    throw error;
  });
  await broadcast();
  return (await currentState()).view;
}

/**
 * chrome.storage.sync changed: another device, or our own write. Only a change the state was not
 * built from builds it again.
 * @param {Record<string, chrome.storage.StorageChange>} changes
 */
async function syncChanged(changes) {
  const state = await currentState().catch(() => null);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  if (state && Object.entries(changes).every(([key, change]) => same(state.synced[key], change.newValue))) return;
  await settingsChanged();
}

/** The worker's side of the protocol (protocol.js). */
const handlers = {
  async check({ text, draft }) {
    const { checker } = await currentState();
    if (!checker) throw new Error('the checker is unavailable');
    const started = performance.now();
    const findings = checker.check(String(text), draft);
    return { findings, checkMs: performance.now() - started };
  },
  async wake() {
    return { ready: Boolean((await currentState()).checker) };
  },
  async state() {
    return { state: (await currentState()).view };
  },
  async guidelines() {
    return { guidelines: (await currentState()).guidelines };
  },
  async set({ changes }) {
    return { state: await writeSettings(changes) };
  },
  /**
   * "Check on this site" in the popup, once the browser granted the origin: the content script is
   * registered for it, and starts now in the tab the person is on (unless one runs there already,
   * stopped, which the new state turns on again).
   */
  async enableServer({ origin, tabId }) {
    await Servers.register(origin);
    invalidate();
    await broadcast();
    if (Number.isInteger(tabId) && (await askTab(tabId, toTab.summary())) === null) {
      await chrome.scripting.executeScript({ target: { tabId }, files: ['content.js'] });
    }
    return { state: (await currentState()).view };
  },
  /** "Stop checking on this site": the script unregistered, its tabs told, the grant given back. */
  async disableServer({ origin }) {
    if (!Servers.isOrigin(origin)) throw new Error('no server given');
    await Servers.unregister(origin);
    invalidate();
    await broadcast([Servers.patternOf(origin)]);
    await Servers.forget(origin);
    return { state: (await currentState()).view };
  },
  async disableRule({ rule }) {
    const { view } = await currentState();
    const rules = view.settings.disabledRules;
    if (typeof rule !== 'string') throw new Error('no rule given');
    return { state: rules.includes(rule) ? view : await writeSettings({ disabledRules: [...rules, rule] }) };
  },
};

serve(toWorker, handlers, {
  // A trap inside wasm leaves the instance unusable: start a fresh one next time.
  onError: (error) => {
    if (error instanceof WebAssembly.RuntimeError) invalidate();
  },
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== 'sync' && area !== 'managed') return;
  storageWork = storageWork.then(() => (area === 'sync' ? syncChanged(changes) : settingsChanged()));
});

// Site access taken back in the browser's own settings: the content script goes with it.
chrome.permissions.onRemoved.addListener(({ origins = [] }) => {
  storageWork = storageWork.then(async () => {
    const gone = (await Servers.servers()).filter((origin) => origins.includes(Servers.patternOf(origin)));
    for (const origin of gone) await Servers.unregister(origin);
    if (gone.length) await settingsChanged();
  });
});

/** Keyboard commands (manifest `commands`) go to the active tab's content script. */
async function runCommand(command) {
  if (command !== 'next-finding') return;
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id !== undefined) await askTab(tab.id, toTab.nextFinding());
}

chrome.commands.onCommand.addListener((command) => {
  runCommand(command);
});

// The worker builds its state and checker as soon as it starts, whatever woke it (a check, a
// compose box getting focus, the popup): the first check finds them built or being built.
currentState().catch((error) => console.error('Guidepost: could not start:', error));

/**
 * An update or reload of the extension leaves the open tabs with the old content script, which
 * can no longer reach this worker, so nothing typed there would be checked until the page is
 * reloaded. The new instance puts its content script into every tab it runs on; there it takes
 * over the drafts, and the old one steps down (content/main.js).
 */
async function takeOverOpenTabs() {
  // The three sites' (the manifest's) and the Mastodon servers' turned on (registered, servers.js).
  const scripts = [...(chrome.runtime.getManifest().content_scripts ?? []), ...(await chrome.scripting.getRegisteredContentScripts())];
  for (const script of scripts) {
    const tabs = await chrome.tabs.query({ url: script.matches });
    // A tab showing an error page, or closed meanwhile, cannot take a script: nothing to take over there.
    await Promise.all(tabs.map((tab) => chrome.scripting.executeScript({ target: { tabId: tab.id }, files: script.js }).catch(() => undefined)));
  }
}

chrome.runtime.onInstalled.addListener(() => {
  takeOverOpenTabs();
});

/**
 * The worker's entry points, for DevTools and the browser tests (tests/e2e/guidepost.mjs): the
 * names of a module are not globals, and a test drives the worker through these.
 */
Object.assign(globalThis, { guidepostWorker: { handlers, currentState, settingsChanged, broadcast, runCommand, builds, settled: () => storageWork } });
