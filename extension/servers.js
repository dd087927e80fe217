// @ts-check
// The servers Guidepost is turned on for one by one: Mastodon runs on thousands of domains of their
// own, so none is in the manifest. For each, the person grants that one origin
// (`optional_host_permissions`, asked for by the popup) and the content script is registered for
// it; turning it off unregisters the script and gives the grant back. The registered scripts are
// the list: nothing else stores it.

/** Mastodon's compose box: the textarea of its compose form (web app 3.x and 4.x). */
export const SERVER_COMPOSER = 'form.compose-form textarea.autosuggest-textarea__textarea';

const SCRIPT_PREFIX = 'server:';

/** The match pattern of an origin's pages. */
export const patternOf = (/** @type {string} */ origin) => `${origin}/*`;

/** Whether a string is an https origin (scheme and host, no path), the only kind a server can be. */
export const isOrigin = (/** @type {unknown} */ origin) => typeof origin === 'string' && /^https:\/\/[a-z0-9.-]+(:\d+)?$/i.test(origin);

/** The origins the content script is registered for. */
export async function servers() {
  const scripts = await chrome.scripting.getRegisteredContentScripts();
  return scripts.filter((script) => script.id.startsWith(SCRIPT_PREFIX)).map((script) => script.id.slice(SCRIPT_PREFIX.length));
}

/** Registers the content script for an origin the browser has granted. */
export async function register(origin) {
  if (!isOrigin(origin)) throw new Error(`not an https origin: ${origin}`);
  if (!(await chrome.permissions.contains({ origins: [patternOf(origin)] }))) throw new Error(`the browser has not granted ${origin}`);
  if ((await servers()).includes(origin)) return;
  await chrome.scripting.registerContentScripts([
    { id: `${SCRIPT_PREFIX}${origin}`, matches: [patternOf(origin)], js: ['content.js'], runAt: 'document_idle', persistAcrossSessions: true },
  ]);
}

/** Unregisters an origin's content script (its grant stays: see forget). */
export async function unregister(origin) {
  if ((await servers()).includes(origin)) await chrome.scripting.unregisterContentScripts({ ids: [`${SCRIPT_PREFIX}${origin}`] });
}

/** Gives an origin's grant back to the browser. */
export async function forget(origin) {
  await chrome.permissions.remove({ origins: [patternOf(origin)] });
}
