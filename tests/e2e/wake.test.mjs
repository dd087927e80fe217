// A compose box that gets focus wakes the extension's service worker. Chrome stops an idle worker
// after about 30 seconds, so someone coming back to a draft meets a stopped one; they click into
// the box before they type, and that focus starts the worker, which builds its checker as soon as
// it starts (background.js): the first keystroke meets a warm checker. The time it saves is
// measured by the latency probe (`./build.sh bench`, "woken on focus"), never asserted here.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { SITES } from './harness.mjs';
import { checkCount, inWorker, launchGuidepost, openWithPost } from './guidepost.mjs';
import { stopWorker, until, workerRunning } from './probes.mjs';

let browser;
before(async () => {
  browser = await launchGuidepost();
});
after(() => browser?.close());

for (const site of Object.keys(SITES)) {
  test(`focus on the ${site} compose box starts a stopped worker and its checker, before any key`, async () => {
    const page = await openWithPost(browser, site, 'Hello colleagues');
    await page.evaluate(() => /** @type {HTMLElement} */ (document.activeElement)?.blur());
    await stopWorker(browser.context, browser.extensionId);
    assert.equal(await workerRunning(browser.context, browser.extensionId), false, 'the worker is stopped');
    const checks = await checkCount(page);
    await page.locator(SITES[site].composeBox).focus();
    await until(() => workerRunning(browser.context, browser.extensionId), Boolean, { message: 'a worker running after the focus' });
    const checkers = await inWorker(browser, async () => {
      await guidepostWorker.currentState();
      return guidepostWorker.builds.checkers;
    });
    assert.equal(checkers, 1, 'the restarted worker built its checker');
    assert.equal(await checkCount(page), checks, 'no check was sent: the focus alone woke the worker');
    await page.close();
  });
}
