// Guidepost's checker runs here, in the extension's own context, because a host page's CSP
// applies to WebAssembly in content scripts and the real sites do not allow it. Drafts arrive by
// extension messaging, are checked, and are never stored or sent anywhere.
//
// This worker also owns the settings: it reads them (chrome.storage.sync, with the organisation's
// chrome.storage.managed policy laid over them), builds the Checker from them, rebuilds it when
// they change and tells the open tabs, and is the only place that writes them.

// Chrome runs this file as a service worker and loads the other scripts itself; Firefox loads them
// all as background scripts (manifest `background.scripts`).
if (typeof wasm_bindgen === 'undefined') importScripts('guidepost.js', 'settings.js', 'i18n.js');

/** The pages Guidepost runs on (the manifest's content_scripts.matches). */
const SITE_PATTERNS = chrome.runtime.getManifest().content_scripts.flatMap((script) => script.matches);

let wasmReady = null;
let statePromise = null;

function initWasm() {
  wasmReady ??= wasm_bindgen({ module_or_path: chrome.runtime.getURL('guidepost_bg.wasm') }).catch((error) => {
    wasmReady = null;
    throw error;
  });
  return wasmReady;
}

/** The current state: settings, the checker built from them, the UI's messages. Built once per change. */
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

async function buildState() {
  // A checker that cannot load must not take the settings, the popup and the pages down with it:
  // they carry on without one and say that the checker is unavailable.
  const wasmError = await initWasm().then(
    () => null,
    (error) => String(error?.message ?? error),
  );
  const stored = await chrome.storage.sync.get(null);
  const migrated = GuidepostSettings.migrate(stored);
  if (Object.keys(migrated.write).length) await chrome.storage.sync.set(migrated.write);
  if (migrated.remove.length) await chrome.storage.sync.remove(migrated.remove);
  const resolved = GuidepostSettings.applyPolicy(migrated.values, await readPolicy());
  const language = GuidepostSettings.resolveLanguage(resolved.settings.language, chrome.i18n.getUILanguage());
  const messages = await GuidepostI18n.load(language).catch(() => GuidepostI18n.load('en'));
  const errors = [
    ...migrated.errors.map((detail) => ({ kind: 'settings', detail })),
    ...resolved.errors.map((detail) => ({ kind: 'policy', detail })),
  ];
  if (wasmError) errors.push({ kind: 'checker', detail: wasmError });
  const checker = wasmError ? null : buildChecker(resolved, language, errors);
  for (const error of errors) console.warn(`Guidepost: ${error.kind}: ${error.detail}`);
  return {
    checker,
    guidelines: checker?.guidelines() ?? null,
    own: migrated.values,
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
    },
  };
}

/**
 * The checker for these settings. Whatever the organisation's pack or terms do, the person gets a
 * working checker: a pack that does not load falls back to the built-in guidelines, options that
 * fail fall back to the defaults, and each fallback is reported.
 */
function buildChecker(resolved, language, errors) {
  const attempt = (options) => {
    try {
      return { checker: new wasm_bindgen.Checker(options) };
    } catch (error) {
      return { error: String(error?.message ?? error) };
    }
  };
  let options = GuidepostSettings.checkerOptions(resolved, language);
  let built = attempt(options);
  if (built.error && options.pack) {
    errors.push({ kind: 'pack', detail: built.error });
    options = GuidepostSettings.checkerOptions({ ...resolved, pack: null }, language);
    built = attempt(options);
  }
  if (built.error) {
    errors.push({ kind: 'options', detail: built.error });
    built = attempt({ messages: language });
    if (built.error) {
      errors.push({ kind: 'checker', detail: built.error });
      return null;
    }
    return built.checker;
  }
  // Now that the pack's rules are known: drop unknown categories, keep forced ones whole.
  const refined = GuidepostSettings.checkerOptions({ ...resolved, pack: options.pack ?? null }, language, built.checker.guidelines().rules);
  if (JSON.stringify(refined) !== JSON.stringify(options)) {
    const again = attempt(refined);
    if (again.checker) return again.checker;
  }
  return built.checker;
}

/** Forget the state; the next request builds it from storage again. */
function invalidate() {
  statePromise = null;
}

/** Tells every tab on the three sites about new settings, so their drafts are checked again. */
async function broadcast() {
  const { view } = await currentState();
  const tabs = await chrome.tabs.query({ url: SITE_PATTERNS });
  await Promise.all(tabs.map((tab) => chrome.tabs.sendMessage(tab.id, { type: 'state', state: view }).catch(() => {})));
}

async function settingsChanged() {
  invalidate();
  try {
    await broadcast();
  } catch (error) {
    console.error('Guidepost: could not apply the new settings:', error);
  }
}

async function writeSettings(changes) {
  const { view, own } = await currentState();
  const checked = GuidepostSettings.validateChanges(changes, view.locked, own);
  if (checked.error) throw new Error(checked.error);
  await chrome.storage.sync.set({ ...checked.changes, [GuidepostSettings.VERSION_KEY]: GuidepostSettings.VERSION });
  invalidate();
  return (await currentState()).view;
}

async function handle(request) {
  switch (request?.type) {
    case 'check': {
      const { checker } = await currentState();
      if (!checker) throw new Error('the checker is unavailable');
      const started = performance.now();
      const findings = checker.check(String(request.text));
      return { findings, checkMs: performance.now() - started };
    }
    case 'state':
      return { state: (await currentState()).view };
    case 'guidelines':
      return { guidelines: (await currentState()).guidelines };
    case 'set':
      return { state: await writeSettings(request.changes) };
    case 'disable-rule': {
      const { view } = await currentState();
      const rules = view.settings.disabledRules;
      if (typeof request.rule !== 'string') throw new Error('no rule given');
      return { state: rules.includes(request.rule) ? view : await writeSettings({ disabledRules: [...rules, request.rule] }) };
    }
    default:
      throw new Error(`unknown request type ${request?.type}`);
  }
}

chrome.runtime.onMessage.addListener((request, sender, sendResponse) => {
  // Only our own content scripts and pages talk to us.
  if (sender.id !== chrome.runtime.id) return false;
  handle(request).then(sendResponse, (error) => {
    // A trap inside wasm leaves the instance unusable: start a fresh one next time.
    if (error instanceof WebAssembly.RuntimeError) invalidate();
    sendResponse({ error: String(error?.message ?? error) });
  });
  return true;
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'sync' || area === 'managed') settingsChanged();
});

/** Keyboard commands (manifest `commands`) go to the active tab's content script. */
async function runCommand(command) {
  if (command !== 'next-finding') return;
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  if (tab?.id !== undefined) await chrome.tabs.sendMessage(tab.id, { type: 'next-finding' }).catch(() => {});
}

chrome.commands.onCommand.addListener((command) => {
  runCommand(command);
});
