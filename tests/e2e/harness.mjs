// Browser harness for Guidepost's end-to-end tests.
//
// - launchBrowser() starts the Debian Chromium (/usr/bin/chromium) through
//   playwright-core, optionally with the extension loaded, and routes the
//   three sites' URLs to the local fixture pages (tests/e2e/fixtures/), served
//   with a strict CSP. Every other http(s) request is aborted and recorded, so
//   nothing leaves the machine and tests can assert that nothing tried to.
// - openSite() opens a site's compose page and waits until its editor is ready.
// - typeInto()/editorText()/selectText()/insertText() drive and read the editor.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { DIST_DIR, buildFixtures } from './build-fixtures.mjs';

export const CHROMIUM = process.env.GUIDEPOST_CHROMIUM || '/usr/bin/chromium';

/** The response CSP of every fixture file: as strict as the real sites', stricter in places. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
].join('; ');

/** Where a fixture page's bundle lives on its site (tests/e2e/fixtures/dist/<site>/). */
const ASSET_PREFIX = '/guidepost-fixture/';

/**
 * Per-site URL and selectors. `composeBox` is the contenteditable itself;
 * `postEnabled` matches the Post button only while it is enabled.
 */
export const SITES = {
  x: {
    url: 'https://x.com/compose/post',
    // Draft.js's contenteditable is div.public-DraftEditor-content itself and
    // carries role, aria-label and data-testid (from webDriverTestID).
    composeBox: 'div.public-DraftEditor-content[data-testid="tweetTextarea_0"][role="textbox"][contenteditable="true"]',
    postButton: 'button[data-testid="tweetButton"]',
    postEnabled: 'button[data-testid="tweetButton"]:not([disabled])',
  },
  linkedin: {
    url: 'https://www.linkedin.com/feed/',
    composeBox: '.share-box .ql-editor[contenteditable="true"]',
    postButton: 'button.share-actions__primary-action',
    postEnabled: 'button.share-actions__primary-action:not([disabled])',
  },
  facebook: {
    url: 'https://www.facebook.com/',
    composeBox: 'div[role="dialog"] div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]',
    postButton: 'div[role="dialog"] div[aria-label="Post"][role="button"]',
    postEnabled: 'div[role="dialog"] div[aria-label="Post"][role="button"]:not([aria-disabled="true"])',
  },
};

/**
 * The other pages of each site's fixture (the same bundle, which routes on the path): where the
 * reply and comment boxes are (tests/e2e/boxes.mjs lists every box).
 */
export const PAGES = {
  x: { status: 'https://x.com/HelsinkiUni/status/1861234567890123456' },
  linkedin: { update: 'https://www.linkedin.com/feed/update/urn:li:activity:7262000000000000000/' },
  facebook: { post: 'https://www.facebook.com/HelsinkiUni/posts/pfbid02fixture', group: 'https://www.facebook.com/groups/helsinkiuni/' },
};

/**
 * Mastodon servers (one fixture, tests/e2e/fixtures/mastodon/, served at each): Guidepost runs on
 * one only once the person turned it on for that server. Not in SITES, whose tests expect
 * Guidepost to run from the start. `composeBox` is the textarea.
 */
export const SERVERS = {
  'mastodon.social': { url: 'https://mastodon.social/home' },
  'fediscience.org': { url: 'https://fediscience.org/home' },
};
/**
 * Bluesky (tests/e2e/fixtures/bluesky/, TipTap): a site Guidepost runs on from the start, tested in
 * bluesky.test.mjs; not in SITES, whose tests hold per-editor expectations of the first three.
 * `reply` is a post's page with the reply composer open.
 */
export const BLUESKY = {
  url: 'https://bsky.app/',
  reply: 'https://bsky.app/profile/helsinki.fi/post/3lbfixture2a',
  composeBox: '[data-testid="composePostView"] .tiptap.ProseMirror[contenteditable="true"][role="textbox"]',
  postButton: '[data-testid="composerPublishBtn"]',
  postEnabled: '[data-testid="composerPublishBtn"]:not([aria-disabled="true"])',
};

/**
 * Threads (tests/e2e/fixtures/threads/, Lexical): a site Guidepost runs on from the start, tested
 * in threads.test.mjs like Bluesky. `reply` is a post's page with the reply dialog open.
 */
export const THREADS = {
  url: 'https://www.threads.com/',
  reply: 'https://www.threads.com/@helsinkiuni/post/DFixture1a2b',
  composeBox: 'div[role="dialog"] div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]',
  postButton: 'div[role="dialog"] div.th-post[role="button"]',
  postEnabled: 'div[role="dialog"] div.th-post[role="button"]:not([aria-disabled="true"])',
};

/** The compose pages openSite and typeInto know: the three of SITES, Bluesky's and Threads'. */
const COMPOSERS = { ...SITES, bluesky: BLUESKY, threads: THREADS };

export const SERVER_BOX = {
  composeBox: 'form.compose-form textarea.autosuggest-textarea__textarea',
  postButton: 'form.compose-form button[type="submit"]',
  postEnabled: 'form.compose-form button[type="submit"]:not([disabled])',
};

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** url (no query or hash) → file in DIST_DIR, for every file a fixture serves. */
const FIXTURE_FILES = new Map(
  Object.entries(SITES).flatMap(([site, { url }]) => {
    const { origin } = new URL(url);
    return [
      [url, join(DIST_DIR, site, 'index.html')],
      ...Object.values(PAGES[site]).map((page) => [page, join(DIST_DIR, site, 'index.html')]),
      [`${origin}${ASSET_PREFIX}app.js`, join(DIST_DIR, site, 'app.js')],
      [`${origin}${ASSET_PREFIX}app.css`, join(DIST_DIR, site, 'app.css')],
    ];
  }).concat(
    [
      ['bluesky', BLUESKY],
      ['threads', THREADS],
    ].flatMap(([site, { url, reply }]) => [
      [url, join(DIST_DIR, site, 'index.html')],
      [reply, join(DIST_DIR, site, 'index.html')],
      [`${new URL(url).origin}${ASSET_PREFIX}app.js`, join(DIST_DIR, site, 'app.js')],
      [`${new URL(url).origin}${ASSET_PREFIX}app.css`, join(DIST_DIR, site, 'app.css')],
    ]),
    Object.values(SERVERS).flatMap(({ url }) => {
      const { origin } = new URL(url);
      return [
        [url, join(DIST_DIR, 'mastodon', 'index.html')],
        [`${origin}${ASSET_PREFIX}app.js`, join(DIST_DIR, 'mastodon', 'app.js')],
        [`${origin}${ASSET_PREFIX}app.css`, join(DIST_DIR, 'mastodon', 'app.css')],
      ];
    }),
  ),
);

const withoutQuery = (url) => url.replace(/[?#].*$/, '');

/** True for the URL of a file that the fixtures serve (page, script, stylesheet). */
export function isFixtureUrl(url) {
  return FIXTURE_FILES.has(withoutQuery(url));
}

let built;
/** Build the fixture bundles once per process. */
export function ensureFixturesBuilt() {
  built ??= buildFixtures();
  return built;
}

/** Where a request came from: a page's frame, a service worker, or another worker. */
function sourceOf(request) {
  const worker = request.serviceWorker();
  if (worker) return { from: 'service-worker', workerUrl: worker.url() };
  try {
    return { from: 'page', frameUrl: request.frame().url() };
  } catch {
    // frame() throws for a navigation issued before its frame exists, and for
    // requests of dedicated/shared workers.
    return { from: request.isNavigationRequest() ? 'page' : 'worker' };
  }
}

/**
 * Launch Chromium in a fresh temporary profile, optionally with an unpacked
 * extension loaded (after the routes are in place).
 *
 * @param {{ extensionDir?: string, headless?: boolean }} [options]
 * @returns {Promise<{
 *   context: import('playwright-core').BrowserContext,
 *   extensionId: string | null,
 *   requests: Array<{ url: string, method: string, resourceType: string, from: string, frameUrl?: string, workerUrl?: string, outcome?: 'fixture'|'not-found'|'aborted', failure?: string }>,
 *   extensionRequests: Array<object>,
 *   problems: Array<{ kind: 'console-error'|'page-error'|'csp', text: string, pageUrl?: string }>,
 *   strayRequests: () => Array<object>,
 *   userDataDir: string,
 *   close: () => Promise<void>,
 * }>}
 *   `requests`: every non-chrome-extension request the context saw (pages,
 *   frames, service workers incl. the extension's) with how the route handled
 *   it (`outcome`) and, if it failed, why (`failure`);
 *   `extensionRequests`: chrome-extension:// requests (the extension's own
 *   files); `strayRequests()`: requests for anything but a fixture file;
 *   `problems`: console errors, uncaught page errors and CSP violations;
 *   `userDataDir`: the temporary profile (close() deletes it; a test may
 *   close `context` first and read what the browser left on disk).
 */
export async function launchBrowser({ extensionDir, headless = true } = {}) {
  await ensureFixturesBuilt();
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);

  const userDataDir = mkdtempSync(join(tmpdir(), 'guidepost-e2e-'));
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Belt and braces under the routing below: no host name resolves, so even
    // a request Playwright never sees (the browser's own) cannot go out.
    // Routed requests are answered or aborted before any lookup.
    '--host-resolver-rules=MAP * ~NOTFOUND',
  ];
  // The extension is loaded only once the routes and listeners below are in
  // place (Extensions.loadUnpacked, see the end), not with --load-extension:
  // a service worker started with the browser can run, and fetch, before
  // launchPersistentContext() has even returned, unseen and unrouted.
  // Extensions.loadUnpacked needs this flag and Playwright's default
  // --remote-debugging-pipe; Playwright's default --disable-extensions must go.
  if (extensionDir) args.push('--enable-unsafe-extension-debugging');

  const context = await chromium.launchPersistentContext(userDataDir, {
    headless,
    executablePath: CHROMIUM,
    args,
    ignoreDefaultArgs: extensionDir ? ['--disable-extensions'] : [],
    // Keep the pages' CSP in force: it is what the tests are about.
    bypassCSP: false,
  });

  const requests = [];
  const extensionRequests = [];
  const problems = [];
  const records = new WeakMap();
  const recordOf = (request) => {
    let record = records.get(request);
    if (!record) {
      record = { url: request.url(), method: request.method(), resourceType: request.resourceType(), ...sourceOf(request) };
      records.set(request, record);
      (record.url.startsWith('chrome-extension://') ? extensionRequests : requests).push(record);
    }
    return record;
  };

  // Includes service workers' requests (request.serviceWorker() is set):
  // playwright-core 1.65 reports and routes them by default, unless
  // PLAYWRIGHT_DISABLE_SERVICE_WORKER_NETWORK is set or the context blocks
  // service workers. (Before, it took PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS=1.)
  // harness.test.mjs checks this, including a fetch made as the service
  // worker starts.
  context.on('request', recordOf);
  context.on('requestfailed', (request) => {
    recordOf(request).failure = request.failure()?.errorText;
  });

  await context.route(
    (url) => url.protocol === 'http:' || url.protocol === 'https:',
    async (route) => {
      const request = route.request();
      const record = recordOf(request);
      const file = FIXTURE_FILES.get(withoutQuery(request.url()));
      const headers = { 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' };
      if (file) {
        record.outcome = 'fixture';
        const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.'))];
        await route.fulfill({ status: 200, headers: { ...headers, 'content-type': type }, body: readFileSync(file) });
      } else if ([...Object.values(SITES), BLUESKY, THREADS, ...Object.values(SERVERS)].some(({ url }) => new URL(url).origin === new URL(request.url()).origin)) {
        // Another path on a fixture site (favicon.ico, an API): answered
        // locally with a 404 so that nothing goes out; still a stray request.
        record.outcome = 'not-found';
        await route.fulfill({ status: 404, headers: { ...headers, 'content-type': 'text/plain' }, body: 'not a fixture' });
      } else {
        record.outcome = 'aborted';
        await route.abort('blockedbyclient');
      }
    },
  );
  // WebSockets bypass route(); mock them all: the handler never connects to
  // the server, so the socket goes nowhere. Recorded as a stray request.
  await context.routeWebSocket(/.*/, (ws) => {
    requests.push({ url: ws.url(), method: 'GET', resourceType: 'websocket', from: 'page', outcome: 'aborted' });
    ws.close();
  });

  // `pageUrl` is the page the problem happened in (absent for a worker's).
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const kind = /Content Security Policy/i.test(text) ? 'csp' : 'console-error';
    problems.push({ kind, text, pageUrl: message.page()?.url() });
  });
  context.on('weberror', (error) => {
    problems.push({ kind: 'page-error', text: String(error.error()?.stack ?? error.error()), pageUrl: error.page()?.url() });
  });

  const close = async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  };

  let extensionId = null;
  if (extensionDir) {
    try {
      extensionId = await loadExtension(context, extensionDir);
    } catch (error) {
      await close();
      throw error;
    }
  }

  return {
    context,
    extensionId,
    requests,
    extensionRequests,
    problems,
    strayRequests: () => requests.filter((r) => !isFixtureUrl(r.url) && !/^(data|blob):/.test(r.url)),
    userDataDir,
    close,
  };
}

/** Load an unpacked extension into a running browser; resolves to its id once it is up. */
async function loadExtension(context, extensionDir) {
  const browserSession = await context.browser().newBrowserCDPSession();
  const { id } = await browserSession.send('Extensions.loadUnpacked', { path: realpathSync(extensionDir) });
  await browserSession.detach();
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8'));
  if (manifest.background?.service_worker) {
    // Wait until its service worker (chrome-extension://<id>/…) is running.
    const isOurs = (worker) => worker.url().startsWith(`chrome-extension://${id}/`);
    if (!context.serviceWorkers().some(isOurs)) await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 });
  }
  return id;
}

/**
 * Open a site's compose page at its real URL and wait until the editor is
 * mounted and the fixture says it is ready.
 * @param {import('playwright-core').BrowserContext} context
 * @param {'x'|'linkedin'|'facebook'|'bluesky'|'threads'} site
 */
export async function openSite(context, site) {
  const { url, composeBox } = COMPOSERS[site] ?? {};
  if (!url) throw new Error(`unknown site ${site}`);
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction((s) => window.__fixture?.site === s && window.__fixture.ready === true, site);
  await page.locator(composeBox).waitFor({ state: 'visible' });
  return page;
}

/**
 * Open a Mastodon server's page (`path`: /home by default, `/home?fixture=reply`, …) once its
 * compose form is mounted.
 * @param {import('playwright-core').BrowserContext} context
 * @param {keyof typeof SERVERS} server
 */
export async function openServer(context, server, path = '/home') {
  const page = await context.newPage();
  await page.goto(new URL(path, SERVERS[server].url).href);
  await page.waitForFunction((host) => window.__fixture?.site === host && window.__fixture.ready === true, server);
  return page;
}

/**
 * Focus the compose box and type like a person: a click in the box, the caret
 * to the end, then key by key (characters off the keyboard, like emoji, go in
 * as text input); "\n" is a press of Enter.
 */
export async function typeInto(page, site, text, { delay = 0 } = {}) {
  await page.locator(COMPOSERS[site].composeBox).click();
  await page.keyboard.press('Control+End');
  const lines = text.split('\n');
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.keyboard.press('Enter', { delay });
    if (line) await page.keyboard.type(line, { delay });
  }
}

/** The editor's own idea of its text (window.__fixture.getText()), "\n" between lines. */
export function editorText(page) {
  return page.evaluate(() => window.__fixture.getText());
}

/**
 * Select the first occurrence of `needle` in the compose box, as a DOM
 * selection the way a content script would make it. The needle must lie
 * within one text node (one run of same-formatted text).
 */
export async function selectText(page, site, needle) {
  const found = await page.evaluate(
    ({ selector, needle }) => {
      const box = document.querySelector(selector);
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(needle);
        if (at >= 0) {
          box.focus();
          window.getSelection().setBaseAndExtent(node, at, node, at + needle.length);
          return true;
        }
      }
      return false;
    },
    { selector: SITES[site].composeBox, needle },
  );
  if (!found) throw new Error(`"${needle}" is not in one text node of the ${site} compose box`);
}

/** Replace the current selection through the browser's editing pipeline, as the extension's fixes do. */
export function insertText(page, text) {
  return page.evaluate((t) => document.execCommand('insertText', false, t), text);
}
