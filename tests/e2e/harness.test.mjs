// Tests of the harness itself, with a throwaway extension: that it finds the
// extension's id and that it sees (and stops) network requests made by a
// content script and by the extension's service worker. This is what makes
// "the extension made no network request" a meaningful assertion elsewhere.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launchBrowser, openSite } from './harness.mjs';

const extensionDir = mkdtempSync(join(tmpdir(), 'guidepost-probe-extension-'));
writeFileSync(
  join(extensionDir, 'manifest.json'),
  JSON.stringify({
    manifest_version: 3,
    name: 'Guidepost harness probe',
    version: '0.0.1',
    background: { service_worker: 'sw.js' },
    content_scripts: [{ matches: ['https://x.com/*'], js: ['content.js'] }],
    host_permissions: ['https://probe.invalid/*'],
  }),
);
// Each fetch is expected to fail (the harness aborts it). The one made on a
// message reports its outcome back so the test can wait for it, not sleep.
writeFileSync(
  join(extensionDir, 'sw.js'),
  `fetch('https://probe.invalid/sw-startup').catch(() => {});
   chrome.runtime.onMessage.addListener((message, sender, reply) => {
     fetch('https://probe.invalid/from-service-worker').then(() => reply('fetched'), () => reply('failed'));
     return true;
   });`,
);
writeFileSync(
  join(extensionDir, 'content.js'),
  `document.documentElement.dataset.probe = 'loaded';
   fetch('https://probe.invalid/from-content-script').catch(() => {}).finally(async () => {
     document.documentElement.dataset.probe = await chrome.runtime.sendMessage('beacon');
   });`,
);

let browser;
before(async () => {
  browser = await launchBrowser({ extensionDir });
});
after(async () => {
  await browser?.close();
  rmSync(extensionDir, { recursive: true, force: true });
});

test('the extension is loaded and its id known', () => {
  assert.match(browser.extensionId, /^[a-p]{32}$/);
  assert.ok(browser.context.serviceWorkers().some((w) => w.url() === `chrome-extension://${browser.extensionId}/sw.js`));
});

test('requests from a content script and from the service worker are recorded and aborted', async () => {
  const page = await openSite(browser.context, 'x');
  // The service worker answers 'failed' once its own fetch was aborted.
  await page.waitForFunction(() => document.documentElement.dataset.probe === 'failed');

  const stray = browser.strayRequests().map(({ url, from, outcome }) => ({ url, from, outcome }));
  assert.deepEqual(
    stray.sort((a, b) => a.url.localeCompare(b.url)),
    [
      { url: 'https://probe.invalid/from-content-script', from: 'page', outcome: 'aborted' },
      { url: 'https://probe.invalid/from-service-worker', from: 'service-worker', outcome: 'aborted' },
      // The service worker's very first act, as the extension is loaded.
      { url: 'https://probe.invalid/sw-startup', from: 'service-worker', outcome: 'aborted' },
    ],
  );
  assert.ok(browser.extensionRequests.every((r) => r.url.startsWith(`chrome-extension://${browser.extensionId}/`)));
  await page.close();
});
