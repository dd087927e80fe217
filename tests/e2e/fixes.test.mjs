// One-click fixes on the three real editors. A fix goes through the editor's own input path
// (select the range, then insertText or delete), so afterwards the editor's own state is the
// visible text, the caret sits right after the change, typing carries on there, Ctrl+Z brings the
// original back, the Post button is enabled exactly when there is text, and nothing was posted.
// A fix that is not safe in one click is a suggestion, "Perhaps: …", applied the same way when
// the person chooses it.
// The expected replacement comes from the same checker (the wasm build for Node), not from here.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { SITES, editorText } from './harness.mjs';
import { hoverFinding, launchGuidepost, openWithPost, uiButton, waitForCheck, waitForUnderline } from './guidepost.mjs';

const { Checker } = createRequire(import.meta.url)('../../target/bindgen/node/guidepost.js');
const checker = new Checker({});

/** Each kind of fix the pack offers, in a post of several lines with emoji before the finding. */
const CASES = [
  {
    kind: 'mask',
    rule: 'finnish-id',
    needle: '131052-308T',
    post: 'Kiitos kaikille! 🎉\nOpiskelijan 👩‍🔬 tunnus 131052-308T, korjatkaa rekisteri.\nTerveisin 🙂',
  },
  {
    kind: 'remove',
    rule: 'password',
    needle: 'Password: Summer2024!',
    post: 'Lab wifi 📶 for the workshop\n🔐 Password: Summer2024! (ask me if it fails)\nSee you there',
  },
  {
    kind: 'replace',
    rule: 'piracy-link',
    needle: 'https://sci-hub.se/10.1038/s41586-020-2649-2',
    post: 'Read it 📄\nFree copy 🎁 https://sci-hub.se/10.1038/s41586-020-2649-2 enjoy\nthanks',
  },
  {
    kind: 'remove',
    rule: 'piracy-link',
    needle: 'libgen.is/book/index.php?md5=ABC',
    post: 'Reading list 📚\nGet the book 👉 libgen.is/book/index.php?md5=ABC today',
  },
  {
    // Sentence case may lower a name written in capitals: a suggestion, not a one-click fix.
    kind: 'replace',
    suggestion: true,
    rule: 'shouting',
    needle: 'PLEASE READ THIS BEFORE THE SEMINAR TOMORROW',
    post: 'Seminar 🎓\nPLEASE READ THIS BEFORE THE SEMINAR TOMORROW, everyone.\nThanks 🙂',
  },
];

/** The card's button for a case: its fix's kind, or `suggestion` for a fix that is not safe. */
const actionOf = ({ kind, suggestion }) => (suggestion ? 'suggestion' : kind);

/** The fix the checker offers for `needle` in `post`, and the post with it applied. */
function expectedFix({ post, needle, rule, kind, suggestion = false }) {
  const finding = checker.check(post).find((f) => f.text === needle && f.rule === rule);
  assert.ok(finding, `the checker flags "${needle}" with ${rule}`);
  const fix = finding.fixes.find((f) => f.kind === kind && f.safe === !suggestion);
  assert.ok(fix, `${rule} offers a ${suggestion ? 'suggested' : 'safe'} ${kind} fix`);
  const at = post.indexOf(needle);
  return { fix, at, fixed: post.slice(0, at) + fix.replacement + post.slice(at + needle.length) };
}

/** The text as it is drawn: each line's (block's) text, one "\n" between lines. */
function visibleText(page, site) {
  const blocks = { x: '[data-block="true"]', linkedin: 'p', facebook: 'p' }[site];
  return page.evaluate(
    ({ box, blocks }) => [...document.querySelector(box).querySelectorAll(blocks)].map((block) => block.textContent).join('\n'),
    { box: SITES[site].composeBox, blocks },
  );
}

function posts(page) {
  return page.evaluate(() => window.__fixture.posts);
}

/**
 * Quill's history merges every change within its `delay` (1 s) into one undo step, typing and a
 * fix alike; wait until Quill would start a new step, as it would for a person who reads the card.
 */
async function quillHistorySettled(page, site) {
  if (site !== 'linkedin') return;
  await page.waitForFunction(() => {
    const history = window.__fixture.quill.history;
    return Date.now() - history.lastRecorded > history.options.delay;
  });
}

async function applyFix(page, item) {
  await hoverFinding(page, item.needle, item.rule);
  await uiButton(page, actionOf(item)).click();
}

let browser;
before(async () => {
  browser = await launchGuidepost();
});
after(() => browser?.close());

for (const site of Object.keys(SITES)) {
  describe(`fixes on ${site} (${{ x: 'Draft.js', linkedin: 'Quill', facebook: 'Lexical' }[site]})`, () => {
    for (const item of CASES) {
      const name = `${actionOf(item)} (${item.rule})`;

      test(`${name}: the editor's state is the visible text, the caret is after the fix, typing carries on, nothing is posted`, async () => {
        const { fix, at, fixed } = expectedFix(item);
        const page = await openWithPost(browser, site, item.post);
        await applyFix(page, item);
        // A mask keeps the draft's length, so a finished check of that length alone does not mean
        // the fix is in: wait for the editor's own text to change.
        await page.waitForFunction((expected) => window.__fixture.getText() === expected, fixed);
        await waitForCheck(page, fixed.length);
        assert.equal(await editorText(page), fixed);
        assert.equal(await visibleText(page, site), fixed);
        await waitForUnderline(page, item.needle, false);

        await page.keyboard.type('Z');
        const caret = at + fix.replacement.length;
        const typed = fixed.slice(0, caret) + 'Z' + fixed.slice(caret);
        await waitForCheck(page, typed.length);
        assert.equal(await editorText(page), typed, 'typing goes on right after the fix');
        assert.equal(await visibleText(page, site), typed);
        assert.equal(await page.locator(SITES[site].postEnabled).count(), 1, 'Post stays enabled');
        assert.deepEqual(await posts(page), [], 'a fix never posts');
        await page.close();
      });

      test(`${name}: Ctrl+Z brings the original back`, async () => {
        const { fixed } = expectedFix(item);
        const page = await openWithPost(browser, site, item.post);
        await quillHistorySettled(page, site);
        await applyFix(page, item);
        await page.waitForFunction((expected) => window.__fixture.getText() === expected, fixed);
        await waitForCheck(page, fixed.length);
        assert.equal(await editorText(page), fixed);

        await page.keyboard.press('Control+z');
        await page.waitForFunction((expected) => window.__fixture.getText() === expected, item.post);
        await waitForCheck(page, item.post.length);
        assert.equal(await editorText(page), item.post);
        assert.equal(await visibleText(page, site), item.post);
        await waitForUnderline(page, item.needle, true);
        assert.deepEqual(await posts(page), []);
        await page.close();
      });
    }

    test('a fix that is not safe is shown as "Perhaps: …" with its whole result, never as a one-click fix', async () => {
      const item = CASES.find((c) => c.suggestion);
      const { fix } = expectedFix(item);
      const page = await openWithPost(browser, site, item.post);
      await hoverFinding(page, item.needle, item.rule);
      const suggestion = uiButton(page, 'suggestion');
      await suggestion.waitFor();
      assert.equal(await suggestion.textContent(), `Perhaps: ${fix.replacement}`);
      assert.equal(await uiButton(page, 'replace').count(), 0, 'no "Use …" button for it');
      assert.equal(await editorText(page), item.post, 'shown, not applied');
      assert.deepEqual(await posts(page), []);
      await page.close();
    });

    test('masking the whole draft keeps one line, the caret after it, and typing works', async () => {
      const post = '131052-308T';
      const { fixed } = expectedFix({ post, needle: post, rule: 'finnish-id', kind: 'mask' });
      const page = await openWithPost(browser, site, post);
      await applyFix(page, { needle: post, rule: 'finnish-id', kind: 'mask' });
      // The masked draft is as long as the original, so a finished check of that length does not
      // mean the fix is in: wait for the editor's own text to change.
      await page.waitForFunction((expected) => window.__fixture.getText() === expected, fixed);
      await waitForCheck(page, fixed.length);
      assert.equal(await editorText(page), fixed);
      await page.keyboard.type(' ok');
      await waitForCheck(page, fixed.length + 3);
      assert.equal(await editorText(page), `${fixed} ok`);
      assert.equal(await visibleText(page, site), `${fixed} ok`);
      assert.deepEqual(await posts(page), []);
      await page.close();
    });

    test('removing the only thing in the draft leaves it empty, Post disabled, and typing works', async () => {
      const post = 'Password: Summer2024!';
      const page = await openWithPost(browser, site, post);
      await page.locator(SITES[site].postEnabled).waitFor();
      await applyFix(page, { needle: post, rule: 'password', kind: 'remove' });
      await waitForCheck(page, 0);
      assert.equal(await editorText(page), '');
      await page.locator(SITES[site].postEnabled).waitFor({ state: 'detached' });
      assert.equal(await page.locator(SITES[site].postEnabled).count(), 0, 'Post is disabled on an empty draft');

      await page.keyboard.type('Hello 👋');
      await waitForCheck(page, 'Hello 👋'.length);
      assert.equal(await editorText(page), 'Hello 👋');
      await page.locator(SITES[site].postEnabled).waitFor();
      assert.deepEqual(await posts(page), []);
      await page.close();
    });
  });
}

test('no request left the machine', () => {
  assert.deepEqual(browser.strayRequests(), []);
});

test('nothing went wrong on any page', () => {
  assert.deepEqual(browser.problems, []);
});
