// Firefox harness: Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi, with dist/
// installed as a temporary add-on. Fixture pages are served at the sites' real URLs by request
// interception (the request never reaches the network), under the same strict CSP as in Chromium.
// Everything else Firefox tries to reach goes to a local proxy that refuses it and records it, so a
// request from a page, a content script or the extension's background page is seen, not lost.
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer from 'puppeteer-core';
import { BLUESKY, CSP, SERVERS, SERVER_BOX, SITES, PAGES, THREADS } from './harness.mjs';
import { DIST_DIR, buildFixtures } from './build-fixtures.mjs';

export const FIREFOX = process.env.GUIDEPOST_FIREFOX || '/usr/bin/firefox-esr';
const EXTENSION_DIR = resolve(process.env.GUIDEPOST_DIST ?? 'dist');
const ASSET_PREFIX = '/guidepost-fixture/';
/** The sites the Firefox suite runs on: the three of SITES, Bluesky and Threads. */
export const FIREFOX_SITES = { ...SITES, bluesky: BLUESKY, threads: THREADS };
const FIREFOX_PAGES = { ...PAGES, bluesky: { reply: BLUESKY.reply }, threads: { reply: THREADS.reply } };
/** The Mastodon server the suite turns Guidepost on for, with the compose form's selectors. */
export const FIREFOX_SERVER = { host: 'mastodon.social', origin: new URL(SERVERS['mastodon.social'].url).origin, url: SERVERS['mastodon.social'].url, ...SERVER_BOX };
/**
 * The add-on's internal UUID, its moz-extension:// host, fixed (Firefox takes it from this pref
 * when the add-on is installed) so that the suite can open the popup as a page.
 */
const EXTENSION_UUID = '6d1f3c52-7a4e-4b8e-9f0a-3c2b1d4e5f60';

const CONTENT_TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** The fixture file for a URL at one of the sites, or null. */
function fixtureFile(url) {
  const { origin, pathname } = new URL(url);
  if (origin === FIREFOX_SERVER.origin) {
    if (pathname.startsWith(ASSET_PREFIX)) return join(DIST_DIR, 'mastodon', pathname.slice(ASSET_PREFIX.length));
    return pathname === new URL(FIREFOX_SERVER.url).pathname ? join(DIST_DIR, 'mastodon', 'index.html') : null;
  }
  for (const [site, { url: home }] of Object.entries(FIREFOX_SITES)) {
    if (new URL(home).origin !== origin) continue;
    if (pathname.startsWith(ASSET_PREFIX)) return join(DIST_DIR, site, pathname.slice(ASSET_PREFIX.length));
    const pages = [home, ...Object.values(FIREFOX_PAGES[site] ?? {})].map((page) => new URL(page).pathname);
    return pages.includes(pathname) ? join(DIST_DIR, site, 'index.html') : null;
  }
  return null;
}

/**
 * Firefox's own services (remote settings, which ESR keeps polling whatever the prefs say): a
 * request to them is the browser's, never Guidepost's, whose code names no such host
 * (tests/manifest.test.mjs).
 */
const BROWSER_OWN = /^(?:[a-z0-9-]+\.)*(?:mozilla\.(?:com|net|org)|firefox\.com)(?::\d+)?$/;

/** A proxy that answers nothing: every request that reaches it is recorded and refused. */
function refusingProxy() {
  const seen = [];
  const server = createServer((request, response) => {
    if (!BROWSER_OWN.test(new URL(request.url).host)) seen.push({ method: request.method, url: request.url });
    response.writeHead(403).end();
  });
  server.on('connect', (request, socket) => {
    if (!BROWSER_OWN.test(request.url)) seen.push({ method: 'CONNECT', url: request.url });
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ seen, port: server.address().port, close: () => server.close() })));
}

/**
 * Firefox with Guidepost installed. `open(site)` opens a site's compose page with its fixture;
 * `strayRequests()` lists every request that was not a fixture file (the proxy's and the pages').
 */
export async function launchFirefox() {
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} is missing: ./build.sh test installs Debian's firefox-esr`);
  await buildFixtures();
  const proxy = await refusingProxy();
  const addonId = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')).browser_specific_settings.gecko.id;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // WebDriver BiDi navigates to web pages only; this lets it open the add-on's own pages
    // (moz-extension://), which the suite needs for the popup.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      // The tab's favicon fetch is Firefox's, not the page's or Guidepost's.
      'browser.chrome.site_icons': false,
      'extensions.webextensions.uuids': JSON.stringify({ [addonId]: EXTENSION_UUID }),
      // A headless Firefox cannot show the prompt of permissions.request: with this pref it grants
      // an optional permission asked for from a user's click as the prompt's Allow would.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  const extensionId = await browser.installExtension(EXTENSION_DIR);
  const pageRequests = [];
  const problems = [];

  /** A new tab whose fixture requests are served (under the sites' CSP) and all others recorded and refused. */
  async function newPage() {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const file = fixtureFile(request.url());
      if (file && existsSync(file)) {
        const type = CONTENT_TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream';
        request.respond({ status: 200, contentType: type, headers: { 'content-security-policy': CSP }, body: readFileSync(file) });
      } else if (/^(data|blob|moz-extension):/.test(request.url())) {
        request.continue();
      } else {
        pageRequests.push({ method: request.method(), url: request.url() });
        request.abort();
      }
    });
    page.on('pageerror', (error) => problems.push({ kind: 'page-error', text: String(error) }));
    return page;
  }

  /** A site's compose page (or FIREFOX_SERVER's with `site` 'mastodon'), once its fixture is ready. */
  async function open(site) {
    const page = await newPage();
    const { url, composeBox } = site === 'mastodon' ? FIREFOX_SERVER : FIREFOX_SITES[site];
    await page.goto(url);
    await page.waitForFunction((s) => window.__fixture?.site === s && window.__fixture.ready === true, {}, site === 'mastodon' ? FIREFOX_SERVER.host : site);
    await page.waitForSelector(composeBox, { visible: true });
    return page;
  }

  /** A page of the add-on (e.g. "popup/popup.html?tab=3"), where `browser.*` is the add-on's own API. */
  async function extensionPage(path) {
    const page = await newPage();
    const url = `moz-extension://${EXTENSION_UUID}/${path}`;
    // Firefox loads it, but BiDi never tells puppeteer that the navigation ended: no waiting on
    // goto (without a timeout, it ends with the page), the page itself says when it is there.
    page.goto(url, { timeout: 0 }).catch(() => {});
    for (const deadline = Date.now() + 10_000; ; ) {
      const there = await page.evaluate((u) => location.href === u && document.readyState === 'complete', url).catch(() => false);
      if (there) return page;
      if (Date.now() > deadline) throw new Error(`${url} did not load`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Proves the recorder sees: a page with no interception asks for a host, which the proxy must record. */
  async function canary() {
    const page = await browser.newPage();
    await page.goto('https://guidepost-canary.invalid/').catch(() => {});
    await page.close();
    return proxy.seen.some((request) => request.url.startsWith('guidepost-canary.invalid'));
  }

  return {
    browser,
    canary,
    extensionId,
    extensionPage,
    problems,
    open,
    strayRequests: () => [...proxy.seen, ...pageRequests].filter((request) => !request.url.includes('guidepost-canary.invalid')),
    async close() {
      await browser.close();
      proxy.close();
    },
  };
}
