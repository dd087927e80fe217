// The extension updated or reloaded mid-draft. On all three real-editor fixtures, with a draft open and
// underlined: the new instance takes the draft over by itself (the worker puts its content script
// into the open tabs), the old one steps down, and from then on
// - what was typed before and after is checked and underlined, once;
// - the page holds one Guidepost: one host element, the same highlight registrations, style sheets
//   and event listeners as before the reload, none of the old instance's, and still one when the
//   script is put into the tab once more;
// - the pre-post check is back, with one dialog, and "Post anyway" posts once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { SITES, openSite, typeInto } from './harness.mjs';
import { EXTENSION_DIR, dialogText, inWorker, launchGuidepost, uiButton, underlined, waitForCheck, waitForDialog, worker } from './guidepost.mjs';
import { listenersOfEveryWorld, until } from './probes.mjs';

let browser;

before(async () => {
  browser = await launchGuidepost();
});

after(() => browser?.close());

/** What of Guidepost the page holds: host elements, highlight registrations, adopted sheets, open dialogs. */
function footprint(page) {
  return page.evaluate(() => ({
    hosts: document.querySelectorAll('guidepost-ui').length,
    highlights: CSS.highlights.size,
    sheets: document.adoptedStyleSheets.length,
    dialogs: [...document.querySelectorAll('guidepost-ui')].filter((host) => host.shadowRoot?.querySelector('.backdrop:not([hidden])')).length,
  }));
}

/**
 * Updates the extension in place: loads the same unpacked directory again, which Chromium treats
 * as an update of the installed extension (its storage stays, onInstalled says "update") and
 * which, like chrome.runtime.reload(), cuts the running content scripts off. (Here an extension
 * loaded over the DevTools protocol does not come back after chrome.runtime.reload() itself.)
 * Resolves once the new worker runs.
 */
async function updateExtension() {
  const old = await worker(browser);
  const started = browser.context.waitForEvent('serviceworker', {
    predicate: (w) => w !== old && w.url().startsWith(`chrome-extension://${browser.extensionId}/`),
  });
  const session = await browser.context.browser().newBrowserCDPSession();
  const { id } = await session.send('Extensions.loadUnpacked', { path: realpathSync(EXTENSION_DIR) });
  await session.detach();
  assert.equal(id, browser.extensionId, 'the same extension, updated');
  await started;
}

describe('the extension updated mid-draft: the new instance takes over the open draft', () => {
  for (const site of Object.keys(SITES)) {
    test(`on ${site}`, async () => {
      const page = await openSite(browser.context, site);
      const before = 'Hello, hetu 131052-308T here.';
      await typeInto(page, site, before);
      await waitForCheck(page, before.length);
      assert.deepEqual((await underlined(page)).stop, ['131052-308T']);
      const footprintBefore = await footprint(page);
      const listenersBefore = await listenersOfEveryWorld(page);
      await page.evaluate(() => {
        window.__oldHost = document.querySelector('guidepost-ui');
      });

      await updateExtension();

      // The new instance's own host, and only it, with the draft checked again.
      await page.waitForFunction(() => {
        const hosts = document.querySelectorAll('guidepost-ui');
        return hosts.length === 1 && hosts[0] !== window.__oldHost && !window.__oldHost.isConnected;
      });
      await waitForCheck(page, before.length);
      assert.deepEqual((await underlined(page)).stop, ['131052-308T'], 'the draft is underlined again, once');

      // What is typed now is checked.
      await page.focus(SITES[site].composeBox);
      await page.keyboard.press('Control+End');
      const added = ' Password: Kissa123!';
      await page.keyboard.type(added);
      const text = await page.evaluate(() => window.__fixture.getText());
      await waitForCheck(page, text.length);
      assert.deepEqual((await underlined(page)).stop.sort(), ['131052-308T', 'Password: Kissa123!'].sort(), 'typed after the reload, checked');

      assert.deepEqual(await footprint(page), footprintBefore, 'one host, one set of highlights and sheets, as before');
      // Old listeners still registered would answer every event twice (or hold a post twice).
      await until(() => listenersOfEveryWorld(page), (counts) => JSON.stringify(counts) === JSON.stringify(listenersBefore), { message: 'the listeners on window and document' });

      // The script put once more into the tab by the same instance (a tab that got it from the
      // manifest as the worker was injecting): still one Guidepost.
      await inWorker(browser, (url) => chrome.tabs.query({ url }).then(([tab]) => chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ['content.js'] })), page.url());
      await page.keyboard.type(' ok');
      await waitForCheck(page, text.length + 3);
      assert.deepEqual(await footprint(page), footprintBefore, 'injected twice, still one Guidepost');
      assert.deepEqual(await listenersOfEveryWorld(page), listenersBefore, 'injected twice, one set of listeners');

      // The pre-post check is back: one dialog, and Post anyway posts once.
      await page.locator(SITES[site].postButton).click();
      await waitForDialog(page);
      assert.match(await dialogText(page), /identity code|password/i);
      assert.equal((await footprint(page)).dialogs, 1, 'one dialog');
      assert.deepEqual(await page.evaluate(() => window.__fixture.posts), [], 'held');
      await uiButton(page, 'post-anyway').click();
      await page.waitForFunction(() => window.__fixture.posts.length === 1);
      assert.deepEqual(await page.evaluate(() => window.__fixture.posts), [`${text} ok`], 'posted once, as typed');
      await page.close();
    });
  }
});
