// @ts-check
// Guidepost's own text in the chosen language. chrome.i18n only ever speaks the browser's language,
// so for a language chosen in the settings the service worker reads _locales/<lang>/messages.json
// itself and hands the messages to the popup and the content script, which translate with this
// module's translator (the same placeholder rules as chrome.i18n.getMessage).

/** @typedef {Record<string, { message: string, placeholders?: Record<string, { content: string }> }>} Messages one messages.json */
/** @typedef {(key: string, substitutions?: string | string[]) => string} Translate */

/**
 * A t(key, substitutions) over one messages.json. A key with no message comes back as the key,
 * so a missing string shows up in tests instead of as a blank.
 * @param {Messages | null | undefined} messages
 * @returns {Translate}
 */
export function translator(messages) {
  return (key, substitutions = []) => {
    const entry = messages?.[key];
    if (!entry) return key;
    const values = Array.isArray(substitutions) ? substitutions : [substitutions];
    const placeholders = entry.placeholders ?? {};
    return entry.message
      .replace(/\$([A-Za-z0-9_@]+)\$/g, (whole, name) => placeholders[name.toLowerCase()]?.content ?? whole)
      .replace(/\$(\$|[1-9])/g, (whole, which) => (which === '$' ? '$' : String(values[Number(which) - 1] ?? '')));
  };
}

/**
 * The messages of one language, read from the extension's own files (extension pages only).
 * @param {string} language
 * @returns {Promise<Messages>}
 */
export async function load(language) {
  const response = await fetch(chrome.runtime.getURL(`_locales/${language}/messages.json`));
  if (!response.ok) throw new Error(`no messages for ${language}`);
  return response.json();
}
