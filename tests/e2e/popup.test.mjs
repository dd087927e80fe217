// The toolbar popup, opened as a page about a fixture tab: this draft (findings grouped by category;
// choosing one shows it in the page, selected, with its card), the guidelines, the settings. Also
// takes the README's screenshots, light and dark, into docs/screenshots/.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { SITES } from './harness.mjs';
import { SCREENSHOTS, card, hoverFinding, launchGuidepost, openPopup, openWithPost, uiButton, waitForCard, waitForDialog } from './guidepost.mjs';

/** A post that triggers several rules (three stop findings). */
const POST = [
  'Great workshop today! Slides: https://sci-hub.se/10.1038/s41586-020-2649-2',
  'Lab wifi password is Tiger#99',
  'Student ID for the form: 131052-308T',
].join('\n');

let browser;
before(async () => {
  browser = await launchGuidepost();
  mkdirSync(SCREENSHOTS, { recursive: true });
});
after(() => browser?.close());

describe('this draft', () => {
  for (const site of Object.keys(SITES)) {
    test(`${site}: findings are grouped by category, worst first, and choosing one shows it in the page`, async () => {
      const page = await openWithPost(browser, site, POST);
      const popup = await openPopup(browser, page);
      const groups = await popup.$$eval('#draft .group', (nodes) =>
        nodes.map((group) => ({ heading: group.querySelector('h3').textContent, findings: [...group.querySelectorAll('.finding')].map((f) => f.dataset.severity) })),
      );
      const headings = groups.map((group) => group.heading);
      for (const expected of ['Identity code1', 'Password or key1', 'Illegally published material1']) assert.ok(headings.includes(expected), headings.join(' | '));
      const rank = { stop: 0, warn: 1, tip: 2 };
      const worst = groups.map((group) => Math.min(...group.findings.map((s) => rank[s])));
      assert.deepEqual(worst, [...worst].sort(), 'groups with stop findings come first');
      assert.equal(await popup.locator('.count[data-severity="stop"] strong').textContent(), '3');

      await popup.locator('.finding', { hasText: '131052-308T' }).click();
      await waitForCard(page, 'finnish-id');
      assert.equal(await page.evaluate(() => document.getSelection().toString()), '131052-308T', 'the finding is selected in the editor');
      await popup.close();
      await page.close();
    });
  }

  test('on a page Guidepost does not run on, the popup says where it works', async () => {
    const blank = await browser.context.newPage();
    await blank.goto('about:blank');
    const popup = await openPopup(browser, blank);
    assert.match(await popup.locator('#draft').textContent(), /Open the compose box on X, LinkedIn, Facebook, Bluesky or Threads/);
    assert.equal(await popup.locator('#site-status').isHidden(), true);
    await popup.close();
    await blank.close();
  });
});

describe('guidelines and settings', () => {
  test('the guidelines: every section in short, tips for the role, harassment and help, the full text', async () => {
    const page = await openWithPost(browser, 'x', 'Hello');
    const popup = await openPopup(browser, page);
    // The tabs work from the keyboard.
    await popup.locator('#tab-draft').focus();
    await popup.keyboard.press('ArrowRight');
    assert.equal(await popup.locator('#tab-guidelines').getAttribute('aria-selected'), 'true');
    assert.equal(await popup.locator('#panel-guidelines').isVisible(), true);
    assert.equal(await popup.locator('#panel-draft').isHidden(), true);
    const sections = await popup.$$eval('#sections summary', (nodes) => nodes.map((n) => n.textContent));
    assert.ok(sections.length >= 6, sections.join(' | '));
    assert.ok(sections.includes('Respectful tone and harassment'));
    assert.match(await popup.locator('#role-heading').textContent(), /Researcher/);
    assert.equal(await popup.locator('#role-tips li').count(), 3);
    assert.match(await popup.locator('#panel-guidelines').textContent(), /If you are harassed.*Where help is/s);
    assert.match(await popup.locator('#full-guidelines').getAttribute('href'), /^https:\/\/www\.helsinki\.fi\//);
    await popup.keyboard.press('End');
    assert.equal(await popup.locator('#tab-settings').getAttribute('aria-selected'), 'true');
    assert.equal(await popup.locator('#panel-settings').isVisible(), true);
    await popup.close();
    await page.close();
  });

  test('the popup fits 360–400 px without scrolling sideways', async () => {
    const page = await openWithPost(browser, 'x', POST);
    for (const width of [360, 400]) {
      const popup = await openPopup(browser, page, { width });
      for (const tab of ['draft', 'guidelines', 'settings']) {
        await popup.click(`#tab-${tab}`);
        const overflow = await popup.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${tab} at ${width}px overflows by ${overflow}px`);
      }
      await popup.close();
    }
    await page.close();
  });
});

describe('screenshots for the README', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`the popup and a card, ${colorScheme}`, async () => {
      const page = await openWithPost(browser, 'x', POST);
      await page.emulateMedia({ colorScheme });
      const suffix = colorScheme === 'light' ? '' : '-dark';
      const popup = await openPopup(browser, page, { colorScheme });
      await popup.setViewportSize({ width: 380, height: 120 });
      for (const tab of ['draft', 'guidelines', 'settings']) {
        await popup.click(`#tab-${tab}`);
        await popup.screenshot({ path: `${SCREENSHOTS}/popup-${tab}${suffix}.png`, fullPage: true, animations: 'disabled', caret: 'hide' });
      }
      await popup.close();

      await page.setViewportSize({ width: 900, height: 520 });
      await hoverFinding(page, '131052-308T', 'finnish-id');
      assert.equal((await card(page)).severity, 'stop');
      await page.screenshot({ path: `${SCREENSHOTS}/card-x${suffix}.png`, animations: 'disabled', caret: 'hide' });

      await page.mouse.move(1, 1);
      await page.locator(SITES.x.postButton).click();
      await waitForDialog(page);
      await page.screenshot({ path: `${SCREENSHOTS}/prepost-x${suffix}.png`, animations: 'disabled', caret: 'hide' });
      await uiButton(page, 'edit').click();
      await page.close();
    });
  }
});

test('no request left the machine, and nothing went wrong on any page', () => {
  assert.deepEqual(browser.strayRequests(), []);
  assert.deepEqual(browser.problems, []);
});
