// Guidepost's checker runs here, in the extension's own context, because a host page's CSP
// applies to WebAssembly in content scripts and the real sites do not allow it. Drafts arrive by
// extension messaging, are checked, and are never stored or sent anywhere.

// Chrome runs this file as a service worker and loads the wasm-bindgen glue itself; Firefox
// loads both files as background scripts (manifest `background.scripts`).
if (typeof wasm_bindgen === 'undefined') importScripts('guidepost.js');

const SUPPORTED_LANGUAGES = ['en', 'fi', 'sv'];

/** The language of messages: the browser's UI language when we speak it, else English. */
function messageLanguage() {
  const ui = chrome.i18n.getUILanguage().slice(0, 2).toLowerCase();
  return SUPPORTED_LANGUAGES.includes(ui) ? ui : 'en';
}

let checkerPromise = null;

/** The checker, built once per worker life; a failed start is retried on the next request. */
function checker() {
  if (!checkerPromise) {
    checkerPromise = wasm_bindgen({ module_or_path: chrome.runtime.getURL('guidepost_bg.wasm') })
      .then(() => new wasm_bindgen.Checker({ messages: messageLanguage() }))
      .catch((error) => {
        checkerPromise = null;
        throw error;
      });
  }
  return checkerPromise;
}

async function handle(request) {
  switch (request?.type) {
    case 'check': {
      const instance = await checker();
      const started = performance.now();
      const findings = instance.check(String(request.text));
      return { findings, checkMs: performance.now() - started };
    }
    case 'guidelines':
      return { guidelines: (await checker()).guidelines() };
    default:
      throw new Error(`unknown request type ${request?.type}`);
  }
}

chrome.runtime.onMessage.addListener((request, sender, sendResponse) => {
  // Only our own content scripts and pages talk to us.
  if (sender.id !== chrome.runtime.id) return false;
  handle(request).then(sendResponse, (error) => {
    // A trap inside wasm leaves the instance unusable: start a fresh one next time.
    if (error instanceof WebAssembly.RuntimeError) checkerPromise = null;
    sendResponse({ error: String(error?.message ?? error) });
  });
  return true;
});
