// Tips that help instead of marking words, on the three real editors. A research post without a
// University hashtag gets a hint beside the compose box (never an underline of "Our new paper",
// which is not wrong), reachable with the mouse and the keyboard, clear of the Post button, and
// listed in the popup; a one-word hashtag (#multilingualism) gets nothing; a hashtag that joins
// words (#openscience) still gets its underline and its one-click fix.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SITES, editorText, typeInto } from './harness.mjs';
import { contentScriptWorld, until } from './probes.mjs';
import {
  card,
  focused,
  hintChip,
  hints,
  hoverFinding,
  inWorker,
  launchGuidepost,
  openPopup,
  openWithPost,
  overlaps,
  rectOf,
  uiButton,
  underlined,
  waitForCard,
  waitForCheck,
  waitForFindings,
  waitForHint,
  waitForNoCard,
} from './guidepost.mjs';

/** A clean research post: the only advice is to add a University hashtag, about the whole post. */
const RESEARCH_POST = 'Our new paper is out today: https://doi.org/10.1000/182 Thanks to everyone who took part!';
/** One-word hashtags: nothing to capitalise. */
const ONE_WORD = 'Great discussions at the seminar today #multilingualism #cybersecurity #UniHelsinki';
/** A hashtag that joins two words. */
const JOINED = 'Slides from the seminar are up #openscience #UniHelsinki';

const NOTHING = { stop: [], warn: [], tip: [] };

let browser;
before(async () => {
  browser = await launchGuidepost();
});
after(() => browser?.close());

/** The visible card's rectangle and its scope, or null. */
function cardBox(page) {
  return page.evaluate(() => {
    const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card');
    if (!node || node.hidden) return null;
    const { left, top, right, bottom, width, height } = node.getBoundingClientRect();
    return { scope: node.dataset.scope, rect: { left, top, right, bottom, width, height } };
  });
}

for (const site of Object.keys(SITES)) {
  describe(`on ${site}`, () => {
    test('a research post without a University hashtag: no underline, a hint beside the box that opens its card', async () => {
      const page = await openWithPost(browser, site, RESEARCH_POST);
      assert.deepEqual(await underlined(page), NOTHING, '"Our new paper" is not underlined');
      await waitForHint(page, 'university-hashtag');
      const [hint, ...others] = await hints(page);
      assert.deepEqual(others, [], 'one hint');
      assert.equal(hint.text, 'Tip for this post');
      assert.equal(hint.severity, 'tip');
      assert.equal(hint.expanded, 'false');
      assert.ok(hint.visible, 'the hint is shown');

      // Beside the compose box, small, and never over the site's Post button.
      const box = await rectOf(page, SITES[site].composeBox);
      const post = await rectOf(page, SITES[site].postButton);
      assert.ok(!overlaps(hint.rect, post), `the hint ${JSON.stringify(hint.rect)} covers Post ${JSON.stringify(post)}`);
      const gap = Math.max(box.left - hint.rect.right, hint.rect.left - box.right, box.top - hint.rect.bottom, hint.rect.top - box.bottom);
      assert.ok(gap <= 16, `the hint is beside the compose box (${gap}px away): ${JSON.stringify({ box, hint: hint.rect })}`);
      assert.ok(hint.rect.height <= 32 && hint.rect.width <= 240, `the hint is small: ${JSON.stringify(hint.rect)}`);

      // A click opens the card at the hint (the caret stays in the editor); a second click closes it.
      await hintChip(page, 'university-hashtag').click();
      await waitForCard(page, 'university-hashtag');
      const opened = await cardBox(page);
      assert.equal(opened.scope, 'post');
      assert.match((await card(page)).text, /Sharing research\? Add a University hashtag/);
      assert.ok(!overlaps(opened.rect, post), 'the card does not cover Post either');
      assert.equal((await hints(page))[0].expanded, 'true');
      assert.equal(await focused(page, site), 'editor');
      await hintChip(page, 'university-hashtag').click();
      await waitForNoCard(page);

      // From the keyboard: Enter on the hint moves focus into its card; Escape gives it back.
      await hintChip(page, 'university-hashtag').focus();
      await page.keyboard.press('Enter');
      await waitForCard(page, 'university-hashtag');
      assert.equal(await focused(page, site), 'ignore', 'focus is on the card’s first button');
      await page.keyboard.press('Escape');
      await waitForNoCard(page);
      assert.equal(await focused(page, site), 'hint', 'focus is back on the hint');

      // And with the next-finding command from the editor.
      await page.focus(SITES[site].composeBox);
      await inWorker(browser, () => guidepostWorker.runCommand('next-finding'));
      await waitForCard(page, 'university-hashtag');
      assert.equal(await focused(page, site), 'ignore');
      await page.keyboard.press('Escape');
      await waitForNoCard(page);
      assert.equal(await focused(page, site), 'editor');
      assert.equal(await editorText(page), RESEARCH_POST, 'nothing was written into the draft');
      assert.deepEqual(await underlined(page), NOTHING);
      await page.close();
    });

    test('the popup lists the hint as about the whole post, and choosing it opens its card', async () => {
      const page = await openWithPost(browser, site, RESEARCH_POST);
      await waitForHint(page, 'university-hashtag');
      const popup = await openPopup(browser, page);
      const items = await popup.$$eval('#draft .finding', (nodes) => nodes.map((n) => ({ scope: n.dataset.scope, severity: n.dataset.severity, text: n.textContent })));
      assert.equal(items.length, 1, JSON.stringify(items));
      assert.equal(items[0].scope, 'post');
      assert.equal(items[0].severity, 'tip');
      assert.match(items[0].text, /About the whole post/);
      assert.match(items[0].text, /Sharing research\?/);
      assert.doesNotMatch(items[0].text, /Our new paper/, 'the words that prompted it are not shown as the problem');
      assert.equal(await popup.locator('.count[data-severity="tip"] strong').textContent(), '1');
      await popup.locator('.finding[data-scope="post"]').click();
      await waitForCard(page, 'university-hashtag');
      assert.equal((await cardBox(page)).scope, 'post');
      assert.deepEqual(await underlined(page), NOTHING);
      await popup.close();

      // "Ignore here" puts it away for this draft.
      await uiButton(page, 'ignore').click();
      await waitForHint(page, 'university-hashtag', false);
      await waitForFindings(page, 0);
      await page.keyboard.type(' More soon.');
      await waitForCheck(page, RESEARCH_POST.length + ' More soon.'.length);
      assert.deepEqual(await hints(page), [], 'still ignored after an edit');
      await page.close();
    });

    test('one-word hashtags (#multilingualism) get nothing', async () => {
      const page = await openWithPost(browser, site, ONE_WORD);
      await waitForFindings(page, 0);
      assert.deepEqual(await underlined(page), NOTHING);
      assert.deepEqual(await hints(page), []);
      await page.close();
    });

    test('#openscience still gets the tip, with its fix', async () => {
      const page = await openWithPost(browser, site, JOINED);
      assert.deepEqual(await underlined(page), { stop: [], warn: [], tip: ['#openscience'] });
      assert.deepEqual(await hints(page), []);
      await hoverFinding(page, '#openscience', 'hashtag-case');
      assert.match((await card(page)).text, /Use #OpenScience/);
      await uiButton(page, 'replace').click();
      await page.waitForFunction(() => window.__fixture.getText().includes('#OpenScience'));
      assert.equal(await editorText(page), JOINED.replace('#openscience', '#OpenScience'));
      await waitForFindings(page, 0);
      assert.deepEqual(await underlined(page), NOTHING);
      await page.close();
    });
  });
}

test('a closed composer takes its hint with it, and nothing holds its session', async () => {
  const site = 'facebook';
  const page = await openWithPost(browser, site, RESEARCH_POST);
  await waitForHint(page, 'university-hashtag');
  const world = await contentScriptWorld(browser, page);
  await page.evaluate((selector) => {
    window.__composer = document.querySelector(selector).closest('[role="dialog"]');
    window.__composerParent = window.__composer.parentNode;
    window.__composer.remove();
  }, SITES[site].composeBox);
  await waitForHint(page, 'university-hashtag', false);
  assert.deepEqual(await hints(page), [], 'no chip is left behind');
  await until(() => world.count('Session'), (n) => n === 0, { message: 'sessions after closing' });
  // Reopened, the draft gets its hint again.
  await page.evaluate(() => window.__composerParent.append(window.__composer));
  await typeInto(page, site, ' Again.');
  await waitForHint(page, 'university-hashtag');
  assert.equal((await hints(page)).length, 1);
  await world.cdp.detach();
  await page.close();
});

test('no request left the machine, and nothing went wrong on any page', () => {
  assert.deepEqual(browser.strayRequests(), []);
  assert.deepEqual(browser.problems, []);
});
