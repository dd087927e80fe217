// The pre-post check on the three real editors: a post with an open `stop` finding is held when
// the person presses Post (or Ctrl/Cmd+Enter), a dialog lists what is wrong with "Edit" focused,
// "Post anyway" lets exactly one post through, the draft is never lost, nothing is posted twice,
// and a post with nothing to stop goes straight through. The fixtures record posts in
// window.__fixture.posts.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SITES, editorText, openSite, typeInto } from './harness.mjs';
import { card, changeSettings, dialogText, focused, hoverFinding, launchGuidepost, openWithPost, resetSettings, uiButton, waitForCard, waitForDialog, waitForNoCard } from './guidepost.mjs';

const STOP_POST = 'Lab day 🎉\nThe wifi password is Tiger#99, enjoy!';
const STOP_TEXT = 'wifi password is Tiger#99';
const CLEAN_POST = 'Lab day 🎉\nSee you all at the open house on Friday. #UniHelsinki';

const posts = (page) => page.evaluate(() => window.__fixture.posts);

/** Waits until the fixture has recorded `count` posts. */
const waitForPosts = (page, count) => page.waitForFunction((n) => window.__fixture.posts.length === n, count);

let browser;
before(async () => {
  browser = await launchGuidepost();
});
afterEach(() => resetSettings(browser));
after(() => browser?.close());

for (const site of Object.keys(SITES)) {
  const { postButton } = SITES[site];

  describe(`pre-post check on ${site}`, () => {
    test('Post with a stop finding is held; the dialog lists it with Edit focused; Edit goes back to the draft', async () => {
      const page = await openWithPost(browser, site, STOP_POST);
      await page.locator(postButton).click();
      await waitForDialog(page);
      const text = await dialogText(page);
      assert.match(text, /Post it as it is\?/);
      assert.match(text, /Password or key/);
      assert.equal(await focused(page, site), 'edit', 'Edit is the default');
      assert.equal(await page.evaluate(() => document.querySelector('guidepost-ui').shadowRoot.querySelector('[role="alertdialog"]').getAttribute('aria-modal')), 'true');

      await page.keyboard.press('Enter');
      await waitForDialog(page, false);
      assert.deepEqual(await posts(page), [], 'nothing was posted');
      assert.equal(await editorText(page), STOP_POST, 'the draft is all there');
      assert.equal(await focused(page, site), 'editor', 'focus is back in the editor');
      await waitForCard(page, 'password');
      assert.equal((await card(page)).severity, 'stop');
      await page.close();
    });

    test('Escape and a click outside the dialog also mean Edit', async () => {
      const page = await openWithPost(browser, site, STOP_POST);
      await page.locator(postButton).click();
      await waitForDialog(page);
      await page.keyboard.press('Escape');
      await waitForDialog(page, false);
      // Edit opened the finding's card; Escape closes it, so it covers nothing.
      await waitForCard(page, 'password');
      await page.keyboard.press('Escape');
      await waitForNoCard(page);
      await page.locator(postButton).click();
      await waitForDialog(page);
      await page.mouse.click(5, 5);
      await waitForDialog(page, false);
      assert.deepEqual(await posts(page), []);
      assert.equal(await editorText(page), STOP_POST);
      await page.close();
    });

    test('Post anyway lets exactly one post through; the next Post is held again', async () => {
      const page = await openWithPost(browser, site, STOP_POST);
      await page.locator(postButton).click();
      await waitForDialog(page);
      // Tab stays within the dialog.
      await page.keyboard.press('Tab');
      assert.equal(await focused(page, site), 'post-anyway');
      await page.keyboard.press('Tab');
      assert.equal(await focused(page, site), 'edit');
      await uiButton(page, 'post-anyway').click();
      await waitForPosts(page, 1);
      await waitForDialog(page, false);
      assert.deepEqual(await posts(page), [STOP_POST]);

      await page.locator(postButton).click();
      await waitForDialog(page);
      assert.deepEqual(await posts(page), [STOP_POST], 'held again: never a second post by itself');
      await uiButton(page, 'edit').click();
      await waitForDialog(page, false);
      assert.equal((await posts(page)).length, 1);
      await page.close();
    });

    test('Ctrl+Enter in the box is held too, and Post anyway posts once', async () => {
      const page = await openWithPost(browser, site, STOP_POST);
      await page.keyboard.press('Control+Enter');
      await waitForDialog(page);
      assert.deepEqual(await posts(page), []);
      assert.equal(await editorText(page), STOP_POST, 'Ctrl+Enter added no line');
      await uiButton(page, 'post-anyway').click();
      await waitForPosts(page, 1);
      assert.deepEqual(await posts(page), [STOP_POST]);
      await page.close();
    });

    test('a post with nothing to stop goes straight through, by click and by Ctrl+Enter', async () => {
      const page = await openWithPost(browser, site, CLEAN_POST);
      await page.locator(postButton).click();
      await waitForPosts(page, 1);
      await page.locator(SITES[site].composeBox).click();
      await page.keyboard.press('Control+Enter');
      await waitForPosts(page, 2);
      assert.deepEqual(await posts(page), [CLEAN_POST, CLEAN_POST]);
      assert.equal(await dialogText(page), null);
      await page.close();
    });

    test('Post pressed right after typing, before the check is back, is still held', async () => {
      const page = await openSite(browser.context, site);
      await page.locator('guidepost-ui').waitFor({ state: 'attached' });
      // No wait for the check: the last keystroke and the click follow each other at once.
      await typeInto(page, site, STOP_POST);
      await page.locator(postButton).click();
      await waitForDialog(page);
      assert.deepEqual(await posts(page), []);
      await uiButton(page, 'edit').click();
      assert.equal(await editorText(page), STOP_POST);
      await page.close();
    });

    test('an ignored stop finding no longer holds the post', async () => {
      const page = await openWithPost(browser, site, STOP_POST);
      await hoverFinding(page, STOP_TEXT, 'password');
      await uiButton(page, 'ignore').click();
      await page.locator(postButton).click();
      await waitForPosts(page, 1);
      assert.equal(await dialogText(page), null);
      await page.close();
    });

    test('with the check switched off in settings, Post goes straight through', async () => {
      await changeSettings(browser, { prePostCheck: false });
      const page = await openWithPost(browser, site, STOP_POST);
      await page.locator(postButton).click();
      await waitForPosts(page, 1);
      assert.equal(await dialogText(page), null);
      await page.close();
    });
  });
}

test('Facebook: Enter on the Post button (a div role=button) is held like a click', async () => {
  const page = await openWithPost(browser, 'facebook', STOP_POST);
  await page.locator(SITES.facebook.postButton).focus();
  await page.keyboard.press('Enter');
  await waitForDialog(page);
  assert.deepEqual(await posts(page), []);
  await uiButton(page, 'post-anyway').click();
  await waitForPosts(page, 1);
  await page.close();
});

for (const site of ['linkedin', 'facebook']) {
  test(`${site}: with no Post button to click, Post anyway sends the Ctrl+Enter again, once`, async () => {
    const page = await openWithPost(browser, site, STOP_POST);
    // A compose box whose Post button is elsewhere (or gone): only the key press can post.
    await page.evaluate((selector) => document.querySelector(selector).remove(), SITES[site].postButton);
    await page.locator(SITES[site].composeBox).click();
    await page.keyboard.press('Control+Enter');
    await waitForDialog(page);
    assert.deepEqual(await posts(page), []);
    await uiButton(page, 'post-anyway').click();
    await waitForPosts(page, 1);
    assert.deepEqual(await posts(page), [STOP_POST]);
    assert.equal(await editorText(page), STOP_POST);
    await page.close();
  });
}

test('no request left the machine, and nothing went wrong on any page', () => {
  assert.deepEqual(browser.strayRequests(), []);
  assert.deepEqual(browser.problems, []);
});
