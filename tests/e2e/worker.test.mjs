// The service worker stops or crashes mid-check. On all three real-editor fixtures, with no more
// typing after the check that fails (so only a retry can bring the findings back):
// - the browser stops the worker while it checks the draft, with Post pressed and held: the
//   content script asks once more, a new worker answers, and the post is held for the real finding
//   in the dialog, not let through and not held silently;
// - the checker traps once (a WebAssembly.RuntimeError, as a panic does): the worker starts a
//   fresh one, the retry is answered and underlined;
// - in both the popup shows the findings, never "checker unavailable" (which a checker that fails
//   every time does show, with the post let through: robustness.test.mjs);
// - a worker that hangs on a check and is not stopped (the browser would only after minutes) does
//   not hold a pressed Post: it goes through, once, as without Guidepost.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SITES, openSite, typeInto } from './harness.mjs';
import { dialogText, inWorker, launchGuidepost, underlined, uiButton, waitForCheck, waitForDialog } from './guidepost.mjs';
import { openPopupOver, until } from './probes.mjs';

let browser;

before(async () => {
  browser = await launchGuidepost();
});

after(() => browser?.close());

/** The service worker's DevTools target, or undefined while none runs. */
async function workerTarget() {
  const session = await browser.context.browser().newBrowserCDPSession();
  try {
    const { targetInfos } = await session.send('Target.getTargets');
    return targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
  } finally {
    await session.detach();
  }
}

/** Stops the service worker, as the browser does with an idle or misbehaving one. */
async function stopWorker() {
  const target = await workerTarget();
  const session = await browser.context.browser().newBrowserCDPSession();
  await session.send('Target.closeTarget', { targetId: target.targetId });
  await session.detach();
}

/** Whether the worker running now is a new one: it has none of the old one's globals. */
function freshWorker() {
  return inWorker(browser, () => self.failedChecks === undefined);
}

/** Replaces the worker's next answer to a check with `fail` (the worker's `handlers.check` after it is the real one again). */
function failNextCheck(how) {
  return inWorker(browser, (kind) => {
    const check = guidepostWorker.handlers.check;
    guidepostWorker.handlers.check = () => {
      guidepostWorker.handlers.check = check;
      self.failedChecks = (self.failedChecks ?? 0) + 1;
      // Never answered: the worker is stopped under it.
      if (kind === 'hang') return new Promise(() => {});
      throw new WebAssembly.RuntimeError('unreachable');
    };
    self.failedChecks = 0;
  }, how);
}

const failedChecks = () => inWorker(browser, () => self.failedChecks);

const UNAVAILABLE_STATUS = 'unavailable';

/**
 * A draft whose last keystroke completes an identity code, its check hung in the worker, and Post
 * pressed while it hangs.
 */
async function postWhileTheCheckHangs(site) {
  const page = await openSite(browser.context, site);
  const start = 'Hello, hetu 131052-308';
  await typeInto(page, site, start);
  await waitForCheck(page, start.length);
  await failNextCheck('hang');
  await page.keyboard.type('T');
  await until(failedChecks, (n) => n === 1, { message: 'the check is under way in the worker' });
  await page.locator(SITES[site].postButton).click();
  return { page, start };
}

describe('the worker stops or crashes mid-check: one retry with the newest text', () => {
  for (const site of Object.keys(SITES)) {
    test(`on ${site}: stopped mid-check while Post is held, the retry answers and the post is held for the finding`, async () => {
      const { page } = await postWhileTheCheckHangs(site);
      await stopWorker();
      await waitForDialog(page);
      assert.ok(await freshWorker(), 'the retry was answered by a new worker');
      assert.match(await dialogText(page), /identity code/i, 'held for the finding the retry found');
      assert.deepEqual(await page.evaluate(() => window.__fixture.posts), [], 'not posted');
      assert.deepEqual((await underlined(page)).stop, ['131052-308T']);
      assert.notEqual(await page.evaluate(() => document.querySelector('guidepost-ui').dataset.status), UNAVAILABLE_STATUS);
      await uiButton(page, 'edit').click();
      await waitForDialog(page, false);
      const popup = await openPopupOver(browser, page);
      assert.match(await popup.locator('#draft').innerText(), /identity code/i, 'the popup shows the finding');
      await popup.close();
      await page.close();
    });

    test(`on ${site}: a worker that hangs and is never stopped does not hold the post`, async () => {
      const { page, start } = await postWhileTheCheckHangs(site);
      await page.waitForFunction(() => window.__fixture.posts.length === 1, undefined, { timeout: 30_000 });
      assert.deepEqual(await page.evaluate(() => window.__fixture.posts), [`${start}T`], 'posted as without Guidepost, once');
      assert.equal(await dialogText(page), null, 'no dialog');
      // The worker is still hung on that check: back to a working one for the next test.
      await stopWorker();
      await page.close();
    });

    test(`on ${site}: a checker that traps once, the retry is answered`, async () => {
      const page = await openSite(browser.context, site);
      const start = 'Password: Kissa123';
      await typeInto(page, site, start);
      await waitForCheck(page, start.length);
      await failNextCheck('trap');
      await page.keyboard.type('!');
      await waitForCheck(page, start.length + 1);
      assert.equal(await failedChecks(), 1, 'the first check of it trapped');
      assert.deepEqual((await underlined(page)).stop, ['Password: Kissa123!']);
      assert.equal(await page.evaluate(() => document.querySelector('guidepost-ui').dataset.status), 'ready');
      const popup = await openPopupOver(browser, page);
      assert.match(await popup.locator('#draft').innerText(), /password/i, 'the popup shows the finding');
      await popup.close();
      await page.close();
    });
  }
});
