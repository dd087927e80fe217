// What the privacy and robustness tests look at, beyond what harness.mjs offers: Guidepost's own
// marks on the page, its service worker and popup, every console message, and everything an
// extension or a page could have stored.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { worker } from './guidepost.mjs';

/** The visible card in our shadow root: { text, rect } or null. */
export function visibleCard(page) {
  return page.evaluate(() => {
    const card = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card');
    if (!card || card.hidden) return null;
    const { left, top, width, height } = card.getBoundingClientRect();
    return { text: card.textContent, rect: { left, top, width, height } };
  });
}

/** Hovers the first underline of a severity and waits for the card. */
export async function hoverUnderline(page, severity = 'stop') {
  const { x, y } = await page.evaluate((name) => {
    const [range] = CSS.highlights.get(`guidepost-${name}`);
    const rect = range.getClientRects()[0];
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }, severity);
  await page.mouse.move(x, y);
  await page.waitForFunction(() => {
    const card = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card');
    return card && !card.hidden;
  });
}

/**
 * Opens the toolbar popup's page over `sitePage`, faithfully: popup.js asks for the active tab of
 * its own window, so the site's tab is made the active one and the popup page is opened beside it
 * as a background tab of the same window. popup.js runs unchanged, and what it finds as "the
 * active tab" is the site, exactly as when the toolbar button is clicked over it.
 */
export async function openPopupOver(browser, sitePage) {
  await sitePage.bringToFront();
  const url = `chrome-extension://${browser.extensionId}/popup/popup.html`;
  const [popup] = await Promise.all([
    browser.context.waitForEvent('page', (page) => page.url() === url),
    (await worker(browser)).evaluate(async (popupUrl) => {
      const [active] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      await chrome.tabs.create({ url: popupUrl, active: false, windowId: active.windowId, index: active.index + 1 });
    }, url),
  ]);
  // popup.js marks the page ready once the content script (or its absence) has answered.
  await popup.waitForFunction(() => document.body?.dataset.ready);
  return popup;
}

/**
 * Every console message of the context (pages, content scripts, extension pages, the service
 * worker), all levels, with the values of its arguments, plus uncaught errors.
 * @returns {{ messages: Array<{type: string, text: string, args: string, url: string}>, settled: () => Promise<void> }}
 */
export function recordConsole(context) {
  const messages = [];
  const pending = new Set();
  context.on('console', (message) => {
    const record = { type: message.type(), text: message.text(), args: '', url: message.page()?.url() ?? message.worker?.()?.url() ?? '' };
    messages.push(record);
    // text() shows an object as "Object"; its values are what could leak.
    const reading = Promise.all(message.args().map((arg) => arg.jsonValue().then(JSON.stringify, () => String(arg))))
      .then((values) => {
        record.args = values.join(' ');
      })
      .finally(() => pending.delete(reading));
    pending.add(reading);
  });
  context.on('weberror', (error) => messages.push({ type: 'uncaught', text: String(error.error()?.stack ?? error.error()), args: '', url: error.page()?.url() ?? '' }));
  return { messages, settled: () => Promise.all([...pending]).then(() => undefined) };
}

/**
 * Dumps every store reachable from a JS context as one string: chrome.storage (local, sync,
 * session, managed) where it exists, Web Storage, every IndexedDB database's every record and key,
 * CacheStorage with response bodies, and cookies. Run it with `evaluate` in the service worker (the
 * extension's origin) or in a page (the site's origin, which content scripts share).
 */
export async function dumpStores() {
  const decode = (value) => {
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
      return `${new TextDecoder('utf-8').decode(bytes)} ${new TextDecoder('utf-16le').decode(bytes.byteLength % 2 ? bytes.slice(1) : bytes)}`;
    }
    if (value instanceof Blob) return value.text();
    if (value instanceof Map || value instanceof Set) return Promise.all([...value].map(decode));
    if (Array.isArray(value)) return Promise.all(value.map(decode));
    if (value && typeof value === 'object') return Promise.all(Object.entries(value).map(async ([k, v]) => [k, await decode(v)]));
    return value;
  };
  const request = (r) => new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  const out = {};
  for (const area of ['local', 'sync', 'session', 'managed']) {
    try {
      out[`chrome.storage.${area}`] = globalThis.chrome?.storage?.[area] ? await chrome.storage[area].get(null) : null;
    } catch (error) {
      out[`chrome.storage.${area}`] = `unreadable: ${error.message}`;
    }
  }
  for (const name of ['localStorage', 'sessionStorage']) {
    try {
      const storage = globalThis[name];
      out[name] = storage ? Object.fromEntries(Object.keys(storage).map((key) => [key, storage.getItem(key)])) : null;
    } catch (error) {
      out[name] = `unreadable: ${error.message}`;
    }
  }
  out.indexedDB = {};
  for (const { name } of await indexedDB.databases()) {
    const db = await request(indexedDB.open(name));
    const stores = {};
    for (const store of db.objectStoreNames) {
      const objects = db.transaction(store).objectStore(store);
      stores[store] = { keys: await decode(await request(objects.getAllKeys())), values: await decode(await request(objects.getAll())) };
    }
    db.close();
    out.indexedDB[name] = stores;
  }
  out.caches = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    out.caches[name] = await Promise.all((await cache.keys()).map(async (key) => ({ url: key.url, body: await (await cache.match(key)).text() })));
  }
  out.cookie = globalThis.document?.cookie ?? null;
  return JSON.stringify(out);
}

/** Every file under a directory, recursively (files that vanish while walking are skipped). */
export function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    try {
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    } catch {
      return [];
    }
  });
}

/** Files under `dir` that contain `needle` as UTF-8/Latin-1 or as UTF-16 (how V8 and LevelDB keep strings). */
export function filesContaining(dir, needle) {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'latin1'), Buffer.from(needle, 'utf16le')];
  return filesUnder(dir).filter((path) => {
    let bytes;
    try {
      bytes = readFileSync(path);
    } catch {
      return false;
    }
    return forms.some((form) => bytes.includes(form));
  });
}


/**
 * The content script's own JS world (an isolated world), reached through the DevTools protocol:
 * `evaluate(expression)` runs there, and `count(className)` counts the live objects of a class
 * there after a full garbage collection (Runtime.queryObjects): a global such as
 * 'MutationObserver', or one of the content script's own classes such as 'Session' (its bundle
 * defines no globals, so the class is found among the functions of that world by its name).
 */
export async function contentScriptWorld(browser, page) {
  const cdp = await browser.context.newCDPSession(page);
  const contexts = new Map();
  cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.set(context.id, context));
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => contexts.delete(executionContextId));
  cdp.on('Runtime.executionContextsCleared', () => contexts.clear());
  await cdp.send('Runtime.enable');
  const origin = `chrome-extension://${browser.extensionId}`;
  const contextId = () => {
    const found = [...contexts.values()].find((c) => c.auxData?.type === 'isolated' && c.auxData?.isDefault === false && c.origin === origin);
    if (!found) throw new Error(`no content-script world of ${origin} in ${page.url()}`);
    return found.id;
  };
  const group = 'guidepost-probe';
  const call = async (objectId, functionDeclaration, args = []) =>
    (await cdp.send('Runtime.callFunctionOn', { objectId, functionDeclaration, arguments: args.map((value) => ({ value })), objectGroup: group })).result;
  /** The remote id of a class's prototype in the content script's world. */
  const classPrototype = async (name) => {
    const { result: world } = await cdp.send('Runtime.evaluate', { expression: 'globalThis', contextId: contextId(), objectGroup: group });
    const global = await call(world.objectId, 'function (name) { return typeof this[name] === "function" ? this[name].prototype : null; }', [name]);
    if (global.objectId) return global.objectId;
    // Every function of this world has this world's Function.prototype (the page's have their own).
    const functionPrototype = await call(world.objectId, 'function () { return Function.prototype; }');
    const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: functionPrototype.objectId, objectGroup: group });
    const found = await call(
      objects.objectId,
      'function (name) { const found = this.filter((f) => f.name === name && /^class\\b/.test(Function.prototype.toString.call(f))); return found.length === 1 ? found[0].prototype : null; }',
      [name],
    );
    if (!found.objectId) throw new Error(`no one class ${name} in the content-script world`);
    return found.objectId;
  };
  return {
    async evaluate(expression) {
      const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', { expression, contextId: contextId(), returnByValue: true, awaitPromise: true });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    },
    async count(className) {
      try {
        const prototype = await classPrototype(className);
        const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: prototype, objectGroup: group });
        const { result: length } = await cdp.send('Runtime.callFunctionOn', { objectId: objects.objectId, functionDeclaration: 'function () { return this.length; }', returnByValue: true });
        return length.value;
      } finally {
        // The handles above would keep every counted object alive.
        await cdp.send('Runtime.releaseObjectGroup', { objectGroup: group });
      }
    },
    cdp,
  };
}

/**
 * What Guidepost holds on a page. From its own JS world, after a full garbage collection: its
 * sessions (one per watched compose box, each with the box's MutationObserver and text map), its
 * UIs, and the MutationObservers still reachable. From the page: host elements, highlight
 * registrations, adopted style sheets, and underlined ranges (and how many lie in removed nodes).
 */
export async function footprint(world, page) {
  const inPage = await page.evaluate(() => {
    const ranges = ['stop', 'warn', 'tip'].flatMap((s) => [...(CSS.highlights.get(`guidepost-${s}`) ?? [])]);
    return {
      hosts: document.querySelectorAll('guidepost-ui').length,
      highlights: CSS.highlights.size,
      sheets: document.adoptedStyleSheets.length,
      ranges: ranges.length,
      detachedRanges: ranges.filter((r) => !r.startContainer.isConnected).length,
    };
  });
  const sessions = await world.count('Session');
  const observers = await world.count('MutationObserver');
  // The page-wide observer is referenced by nothing in JS, so its wrapper may or may not be alive.
  return { sessions, observersBeyondSessions: Math.max(0, observers - sessions - 1), uis: await world.count('GuidepostUI'), ...inPage };
}

/** Polls an async condition until it holds (or `timeout` ms pass); returns its last value. */
export async function until(read, holds, { timeout = 15_000, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (holds(value)) return value;
    if (Date.now() > deadline) throw new Error(`${message}: still ${JSON.stringify(value)} after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Counts, in a screenshot of `clip`, the pixels within `tolerance` of each named colour
 * ({ name: [r, g, b] }). Decodes the PNG in a blank page of the same browser.
 */
export async function countColours(page, clip, colours, tolerance = 40) {
  // Finite animations (the card fades in) are run to their end first.
  const png = await page.screenshot({ clip, animations: 'disabled' });
  const scratch = await page.context().newPage();
  try {
    return await scratch.evaluate(
      async ({ base64, colours, tolerance }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d');
        context.drawImage(bitmap, 0, 0);
        const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
        const counts = Object.fromEntries(Object.keys(colours).map((name) => [name, 0]));
        for (let i = 0; i < data.length; i += 4) {
          for (const [name, [r, g, b]] of Object.entries(colours)) {
            if (Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= tolerance) counts[name] += 1;
          }
        }
        return { ...counts, total: data.length / 4 };
      },
      { base64: png.toString('base64'), colours, tolerance },
    );
  } finally {
    await scratch.close();
  }
}

/** A CDP session on the extension's service worker (Playwright only opens them on pages). */
export async function workerSession(context, extensionId) {
  const browser = await context.browser().newBrowserCDPSession();
  const { targetInfos } = await browser.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  if (!target) throw new Error('the extension has no running service worker');
  const { sessionId } = await browser.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
  let nextId = 1;
  const pending = new Map();
  browser.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message);
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      browser.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  return { targetId: target.targetId, browser, send, close: () => browser.detach() };
}

/** The service worker's JS heap, and the bytes of every WebAssembly.Memory in it (after a GC). */
export async function workerMemory(context, extensionId) {
  const worker = await workerSession(context, extensionId);
  try {
    await worker.send('HeapProfiler.enable');
    await worker.send('HeapProfiler.collectGarbage');
    const heap = await worker.send('Runtime.getHeapUsage');
    const prototype = await worker.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
    const { objects } = await worker.send('Runtime.queryObjects', { prototypeObjectId: prototype.result.objectId });
    const total = await worker.send('Runtime.callFunctionOn', {
      objectId: objects.objectId,
      functionDeclaration: 'function () { return this.reduce((sum, memory) => sum + memory.buffer.byteLength, 0); }',
      returnByValue: true,
    });
    return { jsHeapUsed: heap.usedSize, wasmMemory: total.result.value };
  } finally {
    await worker.close();
  }
}

/**
 * Stops the extension's service worker, so that the next check starts it cold. Closing its target
 * does not always take (a worker that has just started may ignore it), so this checks that it is
 * gone, and stays gone for a moment, and tries again if not.
 */
export async function stopWorker(context, extensionId) {
  const browser = await context.browser().newBrowserCDPSession();
  const running = async () => {
    const { targetInfos } = await browser.send('Target.getTargets');
    return targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  };
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      const target = await running();
      if (!target) {
        await new Promise((r) => setTimeout(r, 250));
        if (!(await running())) return;
        continue;
      }
      await browser.send('Target.closeTarget', { targetId: target.targetId }).catch(() => {});
      for (let i = 0; i < 40 && (await running()); i++) await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await browser.detach();
  }
}

/** Whether the extension's service worker is running (asking does not start it). */
export async function workerRunning(context, extensionId) {
  const browser = await context.browser().newBrowserCDPSession();
  try {
    const { targetInfos } = await browser.send('Target.getTargets');
    return targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  } finally {
    await browser.detach();
  }
}

/**
 * The event listeners on `window` and `document` of every JS world of the page's main frame (the
 * page's, each content script's, an orphaned one's), by target, type and phase. DevTools lists a
 * node's listeners for the world its handle comes from, so each world is asked with its own.
 * @returns {Promise<Record<string, number>>} e.g. { 'document:selectionchange': 2, 'window:click:capture': 1 }
 */
export async function listenersOfEveryWorld(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => contexts.push(context));
    await cdp.send('Runtime.enable');
    const { frameTree } = await cdp.send('Page.getFrameTree');
    const counts = {};
    for (const context of contexts.filter((c) => c.auxData?.frameId === frameTree.frame.id)) {
      for (const target of ['window', 'document']) {
        const { result } = await cdp.send('Runtime.evaluate', { expression: target, contextId: context.id });
        if (!result.objectId) continue;
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
        for (const listener of listeners) {
          const key = `${target}:${listener.type}${listener.useCapture ? ':capture' : ''}`;
          counts[key] = (counts[key] ?? 0) + 1;
        }
      }
    }
    return Object.fromEntries(Object.entries(counts).sort());
  } finally {
    await cdp.detach();
  }
}
