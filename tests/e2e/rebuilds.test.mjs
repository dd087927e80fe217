// One settings change builds the worker's state once, builds the checker once and checks the open
// draft once: from the popup, from a card's "Turn off this rule", and with an organisation's forced
// categories (whose rules the checker keeps on itself, so no second build is needed to learn them).
// The worker counts what it builds (guidepostWorker.builds); the page counts its checks.
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCount, hoverFinding, inWorker, launchGuidepost, openPopup, openWithPost, resetSettings, setPolicy, uiButton, waitForCheckAfter, waitForUnderline } from './guidepost.mjs';

const POST = 'Hetu 131052-308T ja Password: Summer2024!';

let browser;
before(async () => {
  browser = await launchGuidepost();
});
afterEach(() => resetSettings(browser));
after(() => browser?.close());

/** What the worker has built so far. */
const built = () => inWorker(browser, () => ({ ...guidepostWorker.builds }));

/**
 * In the worker, a promise (awaited by settled()) for the next chrome.storage.sync change of `key`.
 * The worker's own listener was added first, so once this one has run, the worker has queued
 * whatever it does about the change.
 */
function expectSyncChange(key) {
  return inWorker(browser, (name) => {
    self.nextSyncChange = new Promise((resolve) => {
      chrome.storage.onChanged.addListener(function seen(changes, area) {
        if (area !== 'sync' || !(name in changes)) return;
        chrome.storage.onChanged.removeListener(seen);
        resolve();
      });
    });
  }, key);
}

/**
 * Waits until the worker has done all it will do about the change, and the page all it will do
 * about what it was told: the worker's storage work is settled, and a summary request to the tab,
 * which answers once every draft is checked, has come back after every message sent before it.
 */
async function settled(page) {
  await inWorker(
    browser,
    async (url) => {
      await self.nextSyncChange;
      await guidepostWorker.settled();
      const [tab] = await chrome.tabs.query({ url });
      await chrome.tabs.sendMessage(tab.id, { type: 'summary' });
    },
    page.url(),
  );
}

test('a change in the popup builds the state and the checker once and checks the draft once', async () => {
  const page = await openWithPost(browser, 'x', POST);
  const popup = await openPopup(browser, page);
  await popup.click('#tab-settings');
  await expectSyncChange('minSeverity');
  const checks = await checkCount(page);
  const before = await built();
  await popup.selectOption('select[name="minSeverity"]', 'stop');
  await waitForCheckAfter(page, checks);
  await settled(page);
  // The popup, too, has shown the new state by now: it asked the worker, which answered after telling the page.
  await popup.waitForFunction(() => document.querySelector('select[name="minSeverity"]').value === 'stop');
  await settled(page);
  const after = await built();
  assert.deepEqual({ states: after.states - before.states, checkers: after.checkers - before.checkers }, { states: 1, checkers: 1 });
  assert.equal((await checkCount(page)) - checks, 1, 'the draft was checked once');
  await waitForUnderline(page, '131052-308T', true);
  await popup.close();
  await page.close();
});

test('"Turn off this rule" builds once and checks the draft once', async () => {
  const page = await openWithPost(browser, 'x', POST);
  await expectSyncChange('disabledRules');
  const checks = await checkCount(page);
  const before = await built();
  await hoverFinding(page, '131052-308T', 'finnish-id');
  await uiButton(page, 'disable-rule').click();
  await waitForUnderline(page, '131052-308T', false);
  await settled(page);
  const after = await built();
  assert.deepEqual({ states: after.states - before.states, checkers: after.checkers - before.checkers }, { states: 1, checkers: 1 });
  assert.equal((await checkCount(page)) - checks, 1, 'the draft was checked once');
  await page.close();
});

test('a forced category builds the checker once, and keeps on a rule the person turned off', async () => {
  const page = await openWithPost(browser, 'x', POST);
  await expectSyncChange('disabledRules');
  await inWorker(browser, () => guidepostWorker.handlers.set({ changes: { disabledRules: ['password', 'finnish-id'] } }));
  await settled(page);
  await waitForUnderline(page, 'Password: Summer2024!', false);
  const before = await built();
  const state = await setPolicy(browser, { forceCategoriesOn: ['credentials'] });
  assert.deepEqual(state.forcedCategories, ['credentials']);
  const after = await built();
  assert.deepEqual({ states: after.states - before.states, checkers: after.checkers - before.checkers }, { states: 1, checkers: 1 });
  await waitForUnderline(page, 'Password: Summer2024!', true);
  await waitForUnderline(page, '131052-308T', false);
  await page.close();
});
