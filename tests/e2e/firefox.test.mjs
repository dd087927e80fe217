// The core browser tests in real Firefox (Debian's firefox-esr over WebDriver BiDi, dist/ installed
// as a temporary add-on), on the five real editors (Bluesky's TipTap and Threads' Lexical too) and
// on a Mastodon server's textarea (drawn on its mirror) once it is turned on from the popup: the
// underline and its card, one fix through the editor's input path, the pre-post check, a clean
// post left quiet, the editor's state equal to what was typed, and no request anywhere
// (tests/e2e/firefox.mjs records every one). On Mastodon also: nothing runs before the server is
// turned on, the fix is an input event that Ctrl+Z undoes, and turning it off removes it all.
//
// A headless Firefox shows no permission prompt: the suite sets Firefox's pref that grants an
// optional permission asked for from a click (firefox.mjs), so the popup's own request on
// "Check on this site" is answered as the prompt's Allow would. The popup cannot look at a tab
// without the toolbar click (activeTab) either, so the grant is first asked for from a click on
// the add-on's own page, as a person can give it in about:addons.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FIREFOX_SERVER, FIREFOX_SITES, launchFirefox } from './firefox.mjs';

/** Every site of the core tests by name: the five sites and the Mastodon server ('mastodon'). */
const SITES = { ...FIREFOX_SITES, mastodon: FIREFOX_SERVER };
const SERVER_PATTERN = `${FIREFOX_SERVER.origin}/*`;

const STOP_POST = 'Lab day 🎉\nStudent ID for the form: 131052-308T, thanks';
const STOP_TEXT = '131052-308T';
const CLEAN_POST = 'Lab day 🎉\nSee you all at the open house on Friday. #UniHelsinki';

const ui = (page, fn, ...args) => page.evaluate(fn, ...args);

async function typeInto(page, site, text) {
  await page.click(SITES[site].composeBox);
  for (const [i, line] of text.split('\n').entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    if (line) await page.keyboard.type(line);
  }
}

const waitForCheck = (page, length) => page.waitForFunction((n) => document.querySelector('guidepost-ui')?.dataset.checkedLength === String(n), {}, length);

function underlined(page) {
  return ui(page, () => Object.fromEntries(['stop', 'warn', 'tip'].map((s) => [s, [...(CSS.highlights.get(`guidepost-${s}`) ?? [])].map((r) => r.toString())])));
}

/** Hovers the underline over `needle` and waits for its card: { rule, severity, text }. */
async function hoverFinding(page, needle) {
  const point = await ui(page, (text) => {
    for (const s of ['stop', 'warn', 'tip']) {
      for (const range of CSS.highlights.get(`guidepost-${s}`) ?? []) {
        if (range.toString() !== text) continue;
        const rect = range.getClientRects()[0];
        return { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2 };
      }
    }
    return null;
  }, needle);
  assert.ok(point, `"${needle}" is underlined`);
  await page.mouse.move(point.x, point.y);
  await page.waitForFunction(() => {
    const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card');
    return node && !node.hidden;
  });
  return ui(page, () => {
    const node = document.querySelector('guidepost-ui').shadowRoot.querySelector('.card');
    return { rule: node.dataset.rule, severity: node.dataset.severity, text: node.textContent };
  });
}

const clickUi = (page, action) => ui(page, (a) => document.querySelector('guidepost-ui').shadowRoot.querySelector(`button[data-action="${a}"]`).click(), action);
const editorText = (page) => ui(page, () => window.__fixture.getText());
const posts = (page) => ui(page, () => window.__fixture.posts.length);
const dialogOpen = (page) => ui(page, () => {
  const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.backdrop');
  return Boolean(node && !node.hidden);
});

let firefox;
before(async () => {
  firefox = await launchFirefox();
});
after(() => firefox?.close());

/** The add-on's grants beyond the manifest's and its registered scripts, asked on one of its pages. */
const access = (extensionPage) =>
  ui(extensionPage, async () => ({
    origins: (await browser.permissions.getAll()).origins.filter((origin) => !browser.runtime.getManifest().host_permissions.includes(origin)),
    scripts: (await browser.scripting.getRegisteredContentScripts()).flatMap((script) => script.matches),
  }));

/** The popup, opened as a page about the server's tab. */
async function serverPopup() {
  const finder = await firefox.extensionPage('popup/popup.html');
  const tab = await ui(finder, async (pattern) => (await browser.tabs.query({ url: pattern }))[0]?.id, SERVER_PATTERN);
  await finder.close();
  assert.ok(Number.isInteger(tab), 'the server tab is seen (its origin is granted)');
  const page = await firefox.extensionPage(`popup/popup.html?tab=${tab}`);
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  return page;
}

describe('Firefox: mastodon, turned on from the popup', () => {
  test('nothing runs on the server before it is turned on', async () => {
    const page = await firefox.open('mastodon');
    await typeInto(page, 'mastodon', STOP_POST);
    const extension = await firefox.extensionPage('popup/popup.html');
    assert.deepEqual(await access(extension), { origins: [], scripts: [] });
    await extension.close();
    assert.equal(await ui(page, () => document.querySelector('guidepost-ui') !== null), false);
    assert.equal(await editorText(page), STOP_POST);
    await page.close();
  });

  test('granted, the popup offers "Check on this site", and Guidepost starts in the tab', async () => {
    const page = await firefox.open('mastodon');
    await typeInto(page, 'mastodon', STOP_POST);
    const extension = await firefox.extensionPage('popup/popup.html');
    const granted = ui(extension, (pattern) => {
      const button = document.createElement('button');
      button.id = 'grant';
      document.body.prepend(button);
      return new Promise((resolve) => button.addEventListener('click', () => resolve(browser.permissions.request({ origins: [pattern] })), { once: true }));
    }, SERVER_PATTERN);
    await extension.click('#grant');
    assert.equal(await granted, true);
    await extension.close();

    const popup = await serverPopup();
    await popup.click('button[data-action="enable-server"]');
    await popup.waitForSelector('button[data-action="disable-server"]');
    assert.deepEqual(await access(popup), { origins: [SERVER_PATTERN], scripts: [SERVER_PATTERN] });
    await popup.close();
    // Started in the tab it was turned on in, without a reload.
    await waitForCheck(page, STOP_POST.length);
    assert.deepEqual((await underlined(page)).stop, [STOP_TEXT]);
    await page.close();
  });
});

for (const site of Object.keys(SITES)) {
  describe(`Firefox: ${site}`, () => {
    test('a stop finding is underlined exactly, its card names the rule, the editor holds what was typed', async () => {
      const page = await firefox.open(site);
      await typeInto(page, site, STOP_POST);
      await waitForCheck(page, STOP_POST.length);
      assert.deepEqual((await underlined(page)).stop, [STOP_TEXT]);
      const card = await hoverFinding(page, STOP_TEXT);
      assert.equal(card.rule, 'finnish-id');
      assert.equal(card.severity, 'stop');
      assert.equal(await editorText(page), STOP_POST);
      await page.close();
    });

    test('the mask fix goes in through the editor: its state is the fixed text and the underline is gone', async () => {
      const page = await firefox.open(site);
      await typeInto(page, site, STOP_POST);
      await waitForCheck(page, STOP_POST.length);
      await hoverFinding(page, STOP_TEXT);
      await clickUi(page, 'mask');
      const masked = STOP_POST.replace(STOP_TEXT, '•'.repeat(STOP_TEXT.length));
      await page.waitForFunction((expected) => window.__fixture.getText() === expected, {}, masked);
      await page.waitForFunction(() => !CSS.highlights.get('guidepost-stop')?.size);
      assert.equal(await editorText(page), masked);
      assert.equal(await posts(page), 0);
      await page.close();
    });

    test('Post with a stop finding is held and asks first; Edit keeps the draft and posts nothing', async () => {
      const page = await firefox.open(site);
      await typeInto(page, site, STOP_POST);
      await waitForCheck(page, STOP_POST.length);
      await page.mouse.move(1, 1);
      await page.click(SITES[site].postButton);
      await page.waitForFunction(() => {
        const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.backdrop');
        return node && !node.hidden;
      });
      assert.equal(await posts(page), 0, 'nothing was posted');
      await clickUi(page, 'edit');
      assert.equal(await dialogOpen(page), false);
      assert.equal(await editorText(page), STOP_POST);
      assert.equal(await posts(page), 0);
      await page.close();
    });

    test('a clean post is quiet and goes straight through', async () => {
      const page = await firefox.open(site);
      await typeInto(page, site, CLEAN_POST);
      await waitForCheck(page, CLEAN_POST.length);
      const marks = await underlined(page);
      assert.deepEqual([...marks.stop, ...marks.warn], []);
      assert.equal(await editorText(page), CLEAN_POST);
      await page.click(SITES[site].postButton);
      await page.waitForFunction(() => window.__fixture.posts.length === 1);
      assert.equal(await dialogOpen(page), false);
      await page.close();
    });
  });
}

describe('Firefox: mastodon, the textarea', () => {
  test('the fix is typed in through the textarea: the site sees an input event, and Ctrl+Z undoes it', async () => {
    const page = await firefox.open('mastodon');
    await ui(page, () => {
      window.__inputs = [];
      document.querySelector('textarea').addEventListener('input', (event) => window.__inputs.push(event.inputType));
    });
    await typeInto(page, 'mastodon', STOP_POST);
    await waitForCheck(page, STOP_POST.length);
    const typed = await ui(page, () => window.__inputs.length);
    await hoverFinding(page, STOP_TEXT);
    await clickUi(page, 'mask');
    const masked = STOP_POST.replace(STOP_TEXT, '•'.repeat(STOP_TEXT.length));
    await page.waitForFunction((expected) => window.__fixture.getText() === expected, {}, masked);
    assert.deepEqual(await ui(page, (n) => window.__inputs.slice(n), typed), ['insertText']);
    await page.waitForFunction(() => !CSS.highlights.get('guidepost-stop')?.size);
    await page.focus(SITES.mastodon.composeBox);
    await page.keyboard.down('Control');
    await page.keyboard.press('z');
    await page.keyboard.up('Control');
    await page.waitForFunction((expected) => window.__fixture.getText() === expected, {}, STOP_POST);
    await page.waitForFunction((text) => [...(CSS.highlights.get('guidepost-stop') ?? [])].some((range) => range.toString() === text), {}, STOP_TEXT);
    assert.equal(await posts(page), 0);
    await page.close();
  });

  test('"Stop checking on this site" removes the script and the grant, and the underlines go', async () => {
    const page = await firefox.open('mastodon');
    await typeInto(page, 'mastodon', STOP_POST);
    await waitForCheck(page, STOP_POST.length);
    const popup = await serverPopup();
    await popup.click('button[data-action="disable-server"]');
    await page.waitForFunction(() => document.querySelector('guidepost-ui') === null);
    assert.deepEqual(await underlined(page), { stop: [], warn: [], tip: [] });
    assert.deepEqual(await access(popup), { origins: [], scripts: [] });
    await popup.close();
    await page.close();
  });
});

test('Firefox: no request left the browser, and no page error', async () => {
  assert.ok(await firefox.canary(), 'the proxy records a request that is not served by a fixture');
  assert.deepEqual(firefox.strayRequests(), []);
  assert.deepEqual(firefox.problems, []);
});
