// @ts-check
// Every message between the content script, the service worker and the popup: its name, its shape
// and what it is answered with. Only this module writes a message's `type`; the others build
// messages with `toWorker` and `toTab` and answer them with `serve`.

/**
 * What the worker tells the pages about the settings (the answer to `state`, and `toTab.state`).
 * @typedef {object} View
 * @property {import('./settings.js').Values} settings with the organisation's policy laid over them
 * @property {string[]} locked
 * @property {string[]} forcedCategories
 * @property {number} confidentialTermCount
 * @property {boolean} customPack
 * @property {import('./guidepost.js').Language} language the language Guidepost speaks
 * @property {import('./i18n.js').Messages} messages that language's messages.json
 * @property {{ kind: string, detail: string }[]} errors
 * @property {boolean} checkerReady
 * @property {string[]} servers the origins Guidepost is turned on for one by one (servers.js)
 */

/**
 * The pack's guidelines with what it tells staff beside its rules (the answer to `guidelines`).
 * @typedef {import('./guidepost.js').Guidelines & { help: import('./guidepost.js').Help }} PackGuidelines
 */

/**
 * What a tab's drafts hold (the answer to `summary`): no draft text beyond a short excerpt.
 * @typedef {object} Summary
 * @property {string} site
 * @property {string} origin the page's origin (for a server: which one)
 * @property {boolean} enabled
 * @property {string} status "starting", "ready", "unavailable" or "off"
 * @property {{ key: string, rule: string, category: string, severity: import('./guidepost.js').Severity, scope: import('./guidepost.js').Scope, message: string, excerpt: string, cues: string[] }[]} findings
 */

/** Messages to the service worker, from the content script and the popup. */
export const toWorker = {
  /**
   * Check a draft. Answer: `{ findings, checkMs }`. The text is checked and forgotten. `draft`:
   * what its compose box says besides the text (`{ context, attachments, missingAlt }`, see
   * src/wasm.rs).
   */
  check: (/** @type {string} */ text, /** @type {object} */ draft) => ({ type: 'check', text, draft }),
  /**
   * A compose box got focus: a check is coming. A worker that Chrome stopped starts again and
   * builds its checker now, not at the first keystroke. Answer: `{ ready }`, whether it has one.
   */
  wake: () => ({ type: 'wake' }),
  /** The settings as the pages see them. Answer: `{ state }`. */
  state: () => ({ type: 'state' }),
  /** The guideline pack's sections, rules and help (what to do when harassed, who helps, tips by role), for the popup. Answer: `{ guidelines }`. */
  guidelines: () => ({ type: 'guidelines' }),
  /** Change settings (the worker checks the locks, stores them and tells every tab). Answer: `{ state }`. */
  set: (/** @type {object} */ changes) => ({ type: 'set', changes }),
  /** Turn Guidepost on for a server the browser granted, and start it in that tab. Answer: `{ state }`. */
  enableServer: (/** @type {string} */ origin, /** @type {number | null} */ tabId) => ({ type: 'enableServer', origin, tabId }),
  /** Turn Guidepost off for a server and give its grant back. Answer: `{ state }`. */
  disableServer: (/** @type {string} */ origin) => ({ type: 'disableServer', origin }),
  /** "Turn off this rule" from a card (stored, and every tab told, as for `set`). Answer: `{ state }`. */
  disableRule: (/** @type {string} */ rule) => ({ type: 'disableRule', rule }),
};

/** Messages to a tab's content script, from the service worker and the popup. */
export const toTab = {
  /** New settings: check every draft again with them. No answer. */
  state: (/** @type {View} */ state) => ({ type: 'state', state }),
  /** What this tab's drafts hold, once their findings are those of their current text. Answer: the summary. */
  summary: () => ({ type: 'summary' }),
  /** Show the finding with this key in the page. Answer: `{ found }`. */
  jump: (/** @type {string} */ key) => ({ type: 'jump', key }),
  /** The `next-finding` keyboard command. No answer. */
  nextFinding: () => ({ type: 'nextFinding' }),
};

/**
 * Whether this script's extension is still there. After an update, a reload or a disable, a
 * content script of the old instance keeps running in the page, cut off: its chrome.runtime has
 * no id any more, and every message it sends fails.
 */
export function extensionAlive() {
  return Boolean(chrome.runtime?.id);
}

/**
 * Sends a message to the service worker. Resolves to its answer; rejects with the worker's error
 * (or when there is no worker to answer).
 */
export async function askWorker(message) {
  const reply = await chrome.runtime.sendMessage(message);
  if (reply?.error) throw new Error(reply.error);
  return reply;
}

/** Sends a message to a tab's content script. Resolves to its answer, or null where none runs. */
export async function askTab(tabId, message) {
  try {
    return (await chrome.tabs.sendMessage(tabId, message)) ?? null;
  } catch {
    return null;
  }
}

/**
 * Answers the messages of one side of the protocol (`toWorker` or `toTab`) from our own extension
 * only. `handlers` has a function per message name it answers; what a handler returns (or the
 * promise it returns resolves to) is the answer, undefined for none. A handler that throws answers
 * `{ error }`, after `onError(error)`. Messages of the other side and unknown ones are not answered.
 */
export function serve(side, handlers, { onError = (_error) => {} } = {}) {
  chrome.runtime.onMessage.addListener((request, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id) return false;
    const name = request?.type;
    if (!Object.hasOwn(side, name) || !Object.hasOwn(handlers, name)) return false;
    let answer;
    try {
      answer = handlers[name](request);
    } catch (error) {
      answer = Promise.reject(error);
    }
    if (answer === undefined) return false;
    Promise.resolve(answer).then(sendResponse, (error) => {
      onError(error);
      sendResponse({ error: String(error?.message ?? error) });
    });
    return true;
  });
}
