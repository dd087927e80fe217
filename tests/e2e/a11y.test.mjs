// Keyboard and screen-reader use, contrast and motion: the `next-finding` command opens the next
// finding's card with focus in it, the card is a labelled dialog and is announced, Escape gives
// focus back to the editor, a fix works from the keyboard; text meets WCAG AA contrast in the card,
// the dialog and the popup, light and dark; underlines differ by style; reduced motion is respected.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SITES, editorText } from './harness.mjs';
import { card, focused, hoverFinding, inWorker, launchGuidepost, openPopup, openWithPost, waitForCard, waitForCheck, waitForDialog, waitForNoCard } from './guidepost.mjs';

const ID = '131052-308T';
// Two Stop findings and an emoji before them (offsets in UTF-16). Not a greeting to "everyone": the
// learned layer reads that as an internal notice, and its warn would be the first finding.
const POST = `Kiitos 👋 lukijat!\nHetu ${ID} ja Password: Summer2024! tänään.`;

/** The command as the browser delivers it: chrome.commands.onCommand in the service worker. */
function nextFindingCommand() {
  // Headless Chromium has no window to catch the key itself, so run what onCommand runs.
  return inWorker(browser, () => guidepostWorker.runCommand('next-finding'));
}

/** The card's accessible name and description, and what the live region says. */
function cardSemantics(page) {
  return page.evaluate(() => {
    const root = document.querySelector('guidepost-ui').shadowRoot;
    const node = root.querySelector('.card');
    const text = (ids) => (ids ?? '').split(' ').map((id) => root.getElementById(id)?.textContent ?? '').join(' ').trim();
    return {
      role: node.getAttribute('role'),
      name: text(node.getAttribute('aria-labelledby')),
      description: text(node.getAttribute('aria-describedby')),
      live: root.querySelector('[aria-live]')?.textContent,
      liveRole: root.querySelector('[aria-live]')?.getAttribute('role'),
    };
  });
}

let browser;
before(async () => {
  browser = await launchGuidepost();
});
after(() => browser?.close());

test('the next-finding command is declared with a default shortcut', async () => {
  const commands = await inWorker(browser, () => chrome.commands.getAll());
  const next = commands.find((command) => command.name === 'next-finding');
  assert.equal(next.shortcut, 'Alt+Shift+G');
  assert.equal(next.description, 'Go to the next finding in the draft and open its card');
});

for (const site of Object.keys(SITES)) {
  describe(`keyboard on ${site}`, () => {
    test('the command opens the next card with focus in it; Escape gives focus back to the editor', async () => {
      const page = await openWithPost(browser, site, POST);
      await nextFindingCommand();
      await waitForCard(page, 'finnish-id');
      assert.equal(await focused(page, site), 'mask', 'focus is on the card’s first button');
      const semantics = await cardSemantics(page);
      assert.equal(semantics.role, 'dialog');
      assert.match(semantics.name, /Stop.*Identity code/);
      assert.match(semantics.description, /Finnish personal identity code/);
      assert.equal(semantics.liveRole, 'status');
      assert.match(semantics.live, /Stop · Identity code\. This is a Finnish personal identity code/);

      await nextFindingCommand();
      await waitForCard(page, 'password');
      await nextFindingCommand();
      await waitForCard(page, 'finnish-id'); // wraps around

      await page.keyboard.press('Escape');
      await waitForNoCard(page);
      assert.equal(await focused(page, site), 'editor');
      // The caret is right after the finding, and its card does not pop up again there.
      await page.keyboard.type('!');
      const expected = POST.replace(ID, `${ID}!`);
      await waitForCheck(page, expected.length);
      assert.equal(await editorText(page), expected);
      assert.equal(await card(page), null);
      await page.close();
    });

    test('a fix works from the keyboard, and focus ends in the editor', async () => {
      const page = await openWithPost(browser, site, POST);
      await nextFindingCommand();
      await waitForCard(page, 'finnish-id');
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => !window.__fixture.getText().includes(id), ID);
      assert.equal(await focused(page, site), 'editor');
      assert.match(await editorText(page), /Hetu •+ ja/);
      await page.close();
    });
  });
}

test('Tab moves through the card’s buttons; Escape from any of them closes it', async () => {
  const page = await openWithPost(browser, 'linkedin', POST);
  await nextFindingCommand();
  await waitForCard(page, 'finnish-id');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page, 'linkedin'), 'ignore');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page, 'linkedin'), 'disable-rule');
  await page.keyboard.press('Escape');
  await waitForNoCard(page);
  assert.equal(await focused(page, 'linkedin'), 'editor');
  await page.close();
});

test('without findings the command says so to screen readers', async () => {
  const page = await openWithPost(browser, 'x', 'Nothing to see here.');
  await nextFindingCommand();
  await page.waitForFunction(() => document.querySelector('guidepost-ui').shadowRoot.querySelector('[aria-live]').textContent.length > 0);
  assert.match(await page.evaluate(() => document.querySelector('guidepost-ui').shadowRoot.querySelector('[aria-live]').textContent), /nothing to point out/);
  assert.equal(await card(page), null);
  await page.close();
});

test('underlines differ by style, not only by colour: wavy, solid, dotted', async () => {
  const page = await openWithPost(browser, 'x', POST);
  const styles = await page.evaluate(() =>
    Object.fromEntries(
      [...document.adoptedStyleSheets]
        .flatMap((sheet) => [...sheet.cssRules])
        .filter((rule) => rule.selectorText?.startsWith('::highlight(guidepost-'))
        .map((rule) => [rule.selectorText.match(/guidepost-(\w+)/)[1], rule.style.textDecorationStyle || rule.style.getPropertyValue('text-decoration-style')]),
    ),
  );
  assert.deepEqual(styles, { stop: 'wavy', warn: 'solid', tip: 'dotted' });
  await page.close();
});

/**
 * The contrast ratio of every visible text against what is behind it, in a document or one of our
 * shadow roots: [{ text, ratio, needed }]. The background is the nearest opaque one up the tree.
 */
function contrastProblems(page, rootSelector) {
  return page.evaluate((selector) => {
    const parse = (color) => {
      const m = color.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const luminance = ({ r, g, b }) => {
      const channel = (v) => {
        const c = v / 255;
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    };
    const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
    const background = (element) => {
      const layers = [];
      for (let node = element; node; node = node.parentElement ?? node.getRootNode()?.host ?? null) {
        const bg = parse(getComputedStyle(node).backgroundColor);
        if (bg && bg.a > 0) layers.push(bg);
        if (bg?.a >= 1) break;
      }
      let color = layers.at(-1)?.a >= 1 ? layers.pop() : { r: 255, g: 255, b: 255, a: 1 };
      while (layers.length) color = over(layers.pop(), color);
      return color;
    };
    const root = selector ? document.querySelector(selector).shadowRoot : document;
    const problems = [];
    const checked = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const element = node.parentElement;
      if (!node.data.trim() || !element || !element.checkVisibility?.() || element.closest('.visually-hidden, option')) continue;
      const style = getComputedStyle(element);
      const fg = parse(style.color);
      const bg = background(element);
      const text = over({ ...fg, a: fg.a * Number(style.opacity) }, bg);
      const [light, dark] = [luminance(text), luminance(bg)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      const size = parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
      const disabled = element.closest('label.locked, :disabled');
      checked.push(node.data.trim());
      if (ratio < needed && !disabled) problems.push({ text: node.data.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100, needed });
    }
    return { problems, checked: checked.length };
  }, rootSelector ?? null);
}

for (const colorScheme of ['light', 'dark']) {
  describe(`contrast, ${colorScheme}`, () => {
    test('the card of each severity and the pre-post dialog meet WCAG AA', async () => {
      const page = await openWithPost(browser, 'facebook', `${POST}\nSo proud of the team! #wearehelsinkiuni\nSoita minulle 040 718 2293 iltaisin.`);
      await page.emulateMedia({ colorScheme });
      for (const [needle, rule] of [[ID, 'finnish-id'], ['#wearehelsinkiuni', 'hashtag-case'], ['040 718 2293', null]]) {
        await hoverFinding(page, needle, rule);
        const { problems, checked } = await contrastProblems(page, 'guidepost-ui');
        assert.ok(checked > 5, `checked the card's text (${checked})`);
        assert.deepEqual(problems, [], `${needle}'s card`);
        await page.mouse.move(1, 1);
        await waitForNoCard(page);
      }
      await page.locator(SITES.facebook.postButton).click();
      await waitForDialog(page);
      const { problems } = await contrastProblems(page, 'guidepost-ui');
      assert.deepEqual(problems, [], 'the dialog');
      await page.keyboard.press('Escape');
      await page.close();
    });

    test('the hint about the whole post and its card meet WCAG AA', async () => {
      const page = await openWithPost(browser, 'linkedin', 'Our new paper is out today: https://doi.org/10.1000/182');
      await page.emulateMedia({ colorScheme });
      await page.waitForFunction(() => document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.hint')?.checkVisibility());
      const chip = await contrastProblems(page, 'guidepost-ui');
      assert.ok(chip.checked >= 1, `checked the hint's text (${chip.checked})`);
      assert.deepEqual(chip.problems, [], 'the hint');
      await page.locator('guidepost-ui .hint').click();
      await waitForCard(page, 'university-hashtag');
      const opened = await contrastProblems(page, 'guidepost-ui');
      assert.ok(opened.checked > 5, `checked the card's text (${opened.checked})`);
      assert.deepEqual(opened.problems, [], 'the hint and its card');
      await page.close();
    });

    test('every part of the popup meets WCAG AA', async () => {
      const page = await openWithPost(browser, 'x', `${POST}\nSo proud of the team! #wearehelsinkiuni\nSoita minulle 040 718 2293 iltaisin.`);
      const popup = await openPopup(browser, page, { colorScheme });
      for (const tab of ['draft', 'guidelines', 'settings']) {
        await popup.click(`#tab-${tab}`);
        const { problems, checked } = await contrastProblems(popup);
        assert.ok(checked > 10, `checked the ${tab} tab (${checked})`);
        assert.deepEqual(problems, [], `the ${tab} tab`);
      }
      await popup.close();
      await page.close();
    });
  });
}

test('reduced motion: the card appears without animation', async () => {
  const page = await openWithPost(browser, 'x', POST);
  const animation = () => page.evaluate(() => getComputedStyle(document.querySelector('guidepost-ui').shadowRoot.querySelector('.card')).animationName);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await hoverFinding(page, ID, 'finnish-id');
  assert.equal(await animation(), 'guidepost-in');
  await page.mouse.move(1, 1);
  await waitForNoCard(page);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await hoverFinding(page, ID, 'finnish-id');
  assert.equal(await animation(), 'none');
  await page.close();
});

test('no request left the machine, and nothing went wrong on any page', () => {
  assert.deepEqual(browser.strayRequests(), []);
  assert.deepEqual(browser.problems, []);
});
