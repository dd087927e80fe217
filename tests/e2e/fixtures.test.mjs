// The fixture pages, with no extension loaded: their real editors accept
// typing and the execCommand('insertText') path the extension will use for
// fixes, under the sites' strict CSP, and nothing leaves the machine.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SITES, editorText, insertText, isFixtureUrl, launchBrowser, openSite, selectText, typeInto } from './harness.mjs';

const POST = 'Hei 👋 Väänänen!\nSecond line';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

for (const site of Object.keys(SITES)) {
  describe(site, () => {
    const { composeBox, postButton, postEnabled } = SITES[site];
    let page;
    before(async () => {
      page = await openSite(browser.context, site);
    });
    after(async () => {
      await page?.close();
    });

    test('the compose box starts empty and Post is disabled', async () => {
      assert.equal(await editorText(page), '');
      assert.equal(await page.locator(postEnabled).count(), 0);
      assert.equal(await page.locator(postButton).count(), 1);
    });

    test('typing a two-line post with emoji and accents leaves exactly that in the editor’s state', async () => {
      await typeInto(page, site, POST, { delay: 10 });
      assert.equal(await editorText(page), POST);
      await page.locator(postEnabled).waitFor();
    });

    test('execCommand insertText on a selected range updates the editor’s state', async () => {
      // The caret is at the end of line 2; the selection is made in line 1,
      // so an editor that trusted a stale selection would get this wrong.
      await selectText(page, site, 'Väänänen');
      assert.equal(await insertText(page, 'X'), true);
      assert.equal(await editorText(page), 'Hei 👋 X!\nSecond line');

      await selectText(page, site, 'Second');
      await insertText(page, 'Toinen 🙂');
      assert.equal(await editorText(page), 'Hei 👋 X!\nToinen 🙂 line');
    });

    test('Post records the editor’s text', async () => {
      await page.locator(postEnabled).click();
      await page.waitForFunction(() => window.__fixture.posts.length === 1);
      assert.deepEqual(await page.evaluate(() => window.__fixture.posts), ['Hei 👋 X!\nToinen 🙂 line']);
    });

    test('the page runs under its strict CSP, and the editor did not violate it', async () => {
      assert.deepEqual(await page.evaluate(() => window.__fixture.cspViolations), []);
      // Nor did anything else go wrong on the page: console errors, uncaught errors.
      assert.deepEqual(
        browser.problems.filter((p) => p.pageUrl === page.url()),
        [],
      );
      // The CSP really is in force: an inline script is refused.
      const violation = page.waitForEvent('console', (m) => /Content Security Policy/.test(m.text()));
      const ran = await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.__inlineRan = true';
        document.head.append(script);
        return window.__inlineRan === true;
      });
      assert.equal(ran, false);
      await violation;
      assert.equal(await page.locator(composeBox).count(), 1);
    });
  });
}

test('no request left the machine: only the fixture files were requested', () => {
  assert.deepEqual(browser.strayRequests(), []);
  assert.ok(browser.requests.length > 0);
  for (const request of browser.requests) {
    assert.ok(isFixtureUrl(request.url), request.url);
    assert.equal(request.outcome, 'fixture', request.url);
  }
  assert.deepEqual(browser.extensionRequests, []);
});

test('nothing went wrong on any page but the deliberate CSP probes', () => {
  const unexpected = browser.problems.filter((p) => !(p.kind === 'csp' && /Executing inline script/.test(p.text)));
  assert.deepEqual(unexpected, []);
  assert.equal(browser.problems.length, Object.keys(SITES).length);
});
