// Ignore, settings and the organisation's policy, in the real browser: the card's "Ignore here" and
// "Turn off this rule", a site switched off, categories, minimum severity, the UI language, and a
// managed policy (forced categories, confidential terms, locks, a bad policy, a bad pack). The
// service worker rebuilds its checker on every change and the open page is checked again.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SITES, editorText, openSite, typeInto } from './harness.mjs';
import { VERSION } from '../../extension/settings.js';
import {
  allUnderlined,
  card,
  changeSettings,
  hoverFinding,
  inWorker,
  launchGuidepost,
  openPopup,
  openWithPost,
  resetSettings,
  setPolicy,
  storedText,
  uiButton,
  underlined,
  waitForCheck,
  waitForFindings,
  waitForUnderline,
  workerState,
} from './guidepost.mjs';

const ID = '131052-308T';
const PASSWORD = 'Password: Summer2024!';
/** Two identity codes, a password and a tip-level hashtag, on three lines. */
const POST = `Kiitos! 🎉 Hetu ${ID} ja toinen 010203A1230\n${PASSWORD}\nSo proud of the team! #wearehelsinkiuni`;

let browser;
before(async () => {
  browser = await launchGuidepost();
});
afterEach(() => resetSettings(browser));
after(() => browser?.close());

/** The page's summary, as the popup gets it from the content script. */
function summaryOf(page) {
  return inWorker(browser, async (url) => {
    const [tab] = await chrome.tabs.query({ url });
    return chrome.tabs.sendMessage(tab.id, { type: 'summary' });
  }, page.url());
}

describe('ignore and turn off, on every editor', () => {
  for (const site of Object.keys(SITES)) {
    test(`${site}: "Ignore here" hides that finding in this draft only, and stores nothing of it`, async () => {
      const page = await openWithPost(browser, site, POST);
      const before = await allUnderlined(page);
      assert.ok(before.includes(ID) && before.includes('010203A1230') && before.includes(PASSWORD), before.join(' | '));
      await hoverFinding(page, ID, 'finnish-id');
      await uiButton(page, 'ignore').click();
      await waitForUnderline(page, ID, false);
      assert.ok((await allUnderlined(page)).includes('010203A1230'), 'the same rule on other text still shows');

      // Still ignored after the draft changes (the finding moves, the text is the same).
      await page.keyboard.press('Control+Home');
      await page.keyboard.type('Hei! ');
      await waitForCheck(page, POST.length + 5);
      assert.ok(!(await allUnderlined(page)).includes(ID));
      assert.ok(!(await summaryOf(page)).findings.some((f) => f.excerpt === ID));

      const stored = await storedText(browser);
      for (const secret of [ID, 'Summer2024', 'Kiitos']) assert.ok(!stored.includes(secret), `storage holds no draft text (${secret})`);

      // A new draft in a new page: the code is flagged again.
      const other = await openWithPost(browser, site, `Hetu ${ID}`);
      assert.deepEqual(await allUnderlined(other), [ID]);
      await other.close();
      await page.close();
    });

    test(`${site}: "Turn off this rule" turns it off everywhere, and the popup turns it back on`, async () => {
      const page = await openWithPost(browser, site, POST);
      await hoverFinding(page, PASSWORD, 'password');
      await uiButton(page, 'disable-rule').click();
      await waitForUnderline(page, PASSWORD, false);
      assert.ok((await allUnderlined(page)).includes(ID), 'other rules stay on');
      assert.deepEqual((await workerState(browser)).settings.disabledRules, ['password']);
      assert.match(await storedText(browser), /"disabledRules":\["password"\]/);

      const popup = await openPopup(browser, page);
      await popup.click('#tab-settings');
      await popup.locator('#rules-off button[data-rule="password"]').click();
      await waitForUnderline(page, PASSWORD, true);
      assert.deepEqual((await workerState(browser)).settings.disabledRules, []);
      await popup.close();
      await page.close();
    });
  }
});

test('an emptied draft is a new draft: what was ignored in the old one is flagged again', async () => {
  const page = await openWithPost(browser, 'facebook', `Hetu ${ID} tänään`);
  await hoverFinding(page, ID, 'finnish-id');
  await uiButton(page, 'ignore').click();
  await waitForUnderline(page, ID, false);
  await page.locator(SITES.facebook.composeBox).click();
  await page.keyboard.press('Control+a');
  await page.keyboard.press('Backspace');
  await waitForCheck(page, 0);
  await page.keyboard.type(`Uusi: ${ID}`);
  await waitForUnderline(page, ID, true);
  await page.close();
});

describe('settings', () => {
  test('a site switched off gets nothing: no UI, no underline, no check; on again, it all comes back', async () => {
    const x = await openWithPost(browser, 'x', POST);
    const linkedin = await openWithPost(browser, 'linkedin', POST);
    const popup = await openPopup(browser, x);
    await popup.click('#tab-settings');
    await popup.locator('input[data-id="sites.x"]').click();
    await x.waitForFunction(() => !document.querySelector('guidepost-ui'));
    assert.deepEqual(await x.evaluate(() => ['stop', 'warn', 'tip'].filter((s) => CSS.highlights.has(`guidepost-${s}`))), []);
    await popup.close();

    // Typing on the site that is off: the page's own summary says it is off and has nothing.
    await x.locator(SITES.x.composeBox).click();
    await x.keyboard.type(' 010203A1230');
    const summary = await summaryOf(x);
    assert.equal(summary.enabled, false);
    assert.deepEqual(summary.findings, []);
    assert.equal(await x.locator('guidepost-ui').count(), 0);
    // A page opened while the site is off never shows anything either.
    const fresh = await openSite(browser.context, 'x');
    await typeInto(fresh, 'x', `Hetu ${ID}`);
    assert.equal((await summaryOf(fresh)).enabled, false);
    assert.equal(await fresh.locator('guidepost-ui').count(), 0);

    // The other site is untouched.
    assert.ok((await allUnderlined(linkedin)).includes(ID));

    // The popup on the page that is off offers to turn it on.
    const again = await openPopup(browser, x);
    assert.match(await again.locator('#draft').textContent(), /Guidepost is off on X/);
    await again.locator('#draft button').click();
    await x.waitForFunction(() => document.querySelector('guidepost-ui')?.dataset.findings > 0);
    await waitForUnderline(x, '010203A1230', true);
    await again.close();
    for (const page of [x, linkedin, fresh]) await page.close();
  });

  test('a change that arrives in chrome.storage.sync (from another device) rebuilds the checker and reaches the page', async () => {
    const page = await openWithPost(browser, 'facebook', POST);
    await inWorker(browser, () => chrome.storage.sync.set({ disabledRules: ['finnish-id'], settingsVersion: 1 }));
    await waitForUnderline(page, ID, false);
    assert.ok((await allUnderlined(page)).includes(PASSWORD));
    assert.deepEqual((await workerState(browser)).settings.disabledRules, ['finnish-id']);
    await page.close();
  });

  test('categories and the minimum severity decide what is shown', async () => {
    const page = await openWithPost(browser, 'linkedin', POST);
    assert.ok((await allUnderlined(page)).includes('#wearehelsinkiuni'));
    await changeSettings(browser, { minSeverity: 'stop' });
    await waitForUnderline(page, '#wearehelsinkiuni', false);
    assert.ok((await allUnderlined(page)).includes(ID));
    await changeSettings(browser, { minSeverity: 'tip', disabledCategories: ['personal-id'] });
    await waitForUnderline(page, '#wearehelsinkiuni', true);
    await waitForUnderline(page, ID, false);
    assert.ok((await allUnderlined(page)).includes(PASSWORD));
    await page.close();
  });

  test('the UI language: the card, the rule messages and the popup follow it', async () => {
    const page = await openWithPost(browser, 'facebook', `Hetu ${ID}`);
    await hoverFinding(page, ID, 'finnish-id');
    assert.match((await card(page)).text, /Identity code.*Finnish personal identity code.*Ignore here/s);
    await changeSettings(browser, { language: 'fi' });
    await page.mouse.move(1, 1);
    await page.waitForFunction(() => !document.querySelector('guidepost-ui').shadowRoot.querySelector('.card:not([hidden])'));
    await hoverFinding(page, ID, 'finnish-id');
    const finnish = (await card(page)).text;
    assert.match(finnish, /Pysähdy/);
    assert.match(finnish, /henkilötunnus/);
    assert.match(finnish, /Ohita tässä/);

    const popup = await openPopup(browser, page);
    assert.equal(await popup.evaluate(() => document.documentElement.lang), 'fi');
    assert.equal(await popup.locator('#tab-settings').textContent(), 'Asetukset');
    assert.match(await popup.locator('#draft').textContent(), /henkilötunnus/);
    await popup.click('#tab-settings');
    await popup.selectOption('select[name="language"]', 'sv');
    await popup.waitForFunction(() => document.documentElement.lang === 'sv');
    assert.equal(await popup.locator('#tab-settings').textContent(), 'Inställningar');
    await popup.close();
    await page.close();
  });

  test('the role changes the advice in the popup and goes to the checker', async () => {
    const page = await openWithPost(browser, 'x', 'Ville and Sara, you failed again, see me.');
    // Criticising students is a `warn` for a researcher and a `stop` for a teacher. The rule's words
    // show that the sentence carries the problem, so the whole sentence is underlined.
    const sentence = 'Ville and Sara, you failed again, see me.';
    assert.deepEqual((await underlined(page)).warn, [sentence]);
    const popup = await openPopup(browser, page);
    await popup.click('#tab-settings');
    await popup.selectOption('select[name="role"]', 'teacher');
    await popup.click('#tab-guidelines');
    await popup.waitForFunction(() => /Teacher/.test(document.getElementById('role-heading').textContent));
    assert.match(await popup.locator('#role-tips').textContent(), /students/i);
    assert.equal(await inWorker(browser, async () => JSON.parse(JSON.stringify(await chrome.storage.sync.get('role'))).role), 'teacher');
    await page.waitForFunction((text) => [...(CSS.highlights.get('guidepost-stop') ?? [])].some((range) => range.toString() === text), sentence);
    await popup.close();
    await page.close();
  });
});

describe('the organisation policy (chrome.storage.managed)', () => {
  test('forced categories, confidential terms and locks: managed values win and the popup says so', async () => {
    await changeSettings(browser, { disabledCategories: ['credentials'], minSeverity: 'warn' });
    const page = await openWithPost(browser, 'x', `${PASSWORD} for Project Zephyr, hetu ${ID}`);
    assert.ok(!(await allUnderlined(page)).includes(PASSWORD));

    const state = await setPolicy(browser, {
      forceCategoriesOn: ['credentials'],
      confidentialTerms: ['Project Zephyr'],
      minSeverity: 'stop',
      lockedSettings: ['role'],
    });
    assert.deepEqual(state.errors, []);
    await waitForUnderline(page, PASSWORD, true);
    // The organisation's own term is a `warn` finding, and the policy shows only `stop`: nothing.
    assert.ok(!(await allUnderlined(page)).includes('Project Zephyr'));
    await setPolicy(browser, { forceCategoriesOn: ['credentials'], confidentialTerms: ['Project Zephyr'], lockedSettings: ['role'] });
    await waitForUnderline(page, 'Project Zephyr', true);

    const popup = await openPopup(browser, page);
    await popup.click('#tab-settings');
    const role = popup.locator('select[name="role"]');
    assert.equal(await role.isDisabled(), true);
    assert.match(await popup.locator('label', { has: role }).textContent(), /Set by your organisation/);
    const credentials = popup.locator('input[data-id="categories.credentials"]');
    assert.equal(await credentials.isDisabled(), true);
    assert.equal(await credentials.isChecked(), true);
    assert.equal(await popup.locator('input[data-id="categories.personal-id"]').isDisabled(), false);
    assert.match(await popup.locator('#organisation').textContent(), /1 confidential names/);
    await popup.close();

    // The worker refuses to change a locked setting, whoever asks.
    const refused = await inWorker(browser, async () => guidepostWorker.handlers.set({ changes: { role: 'teacher' } }).then(() => 'changed', (e) => e.message));
    assert.match(refused, /set by your organisation/);
    // "Turn off this rule" is not offered for a forced category.
    await hoverFinding(page, PASSWORD, 'password');
    assert.equal(await uiButton(page, 'disable-rule').count(), 0);
    assert.equal(await uiButton(page, 'ignore').count(), 1);
    await page.close();
  });

  test('a bad policy is reported and the rest still works', async () => {
    const state = await setPolicy(browser, { minSeverity: 'loud', forceCategoriesOn: 'credentials', colour: 'red' });
    assert.equal(state.checkerReady, true);
    assert.equal(state.settings.minSeverity, 'tip');
    assert.equal(state.errors.length, 3);
    const page = await openWithPost(browser, 'linkedin', `hetu ${ID}`);
    assert.deepEqual(await allUnderlined(page), [ID]);
    const popup = await openPopup(browser, page);
    const errors = await popup.locator('#errors').textContent();
    assert.match(errors, /policy has a problem.*`minSeverity` must be one of tip, warn, stop/);
    assert.match(errors, /`colour` is not a Guidepost policy key/);
    await popup.close();
    await page.close();
  });

  test("an organisation's own pack brings its own help: the popup shows Kela's, nothing of Helsinki's", async () => {
    const kela = readFileSync(new URL('../../guidelines/kela.toml', import.meta.url), 'utf8');
    const state = await setPolicy(browser, { guidelinePack: kela, role: 'supervisor' });
    assert.deepEqual(state.errors, []);
    const page = await openWithPost(browser, 'facebook', `hetu ${ID}`);
    assert.deepEqual(await allUnderlined(page), [ID]);
    const popup = await openPopup(browser, page);
    await popup.locator('#tab-guidelines').click();
    const panel = popup.locator('#panel-guidelines');
    assert.match(await popup.locator('#role-tips').textContent(), /Staff matters and your team members' personal data/);
    assert.match(await popup.locator('#help-text').textContent(), /the Communications Unit and occupational safety/);
    assert.equal(await popup.locator('#intranet').isVisible(), false, 'Kela has no public intranet address to link');
    assert.doesNotMatch(await panel.textContent(), /Flamma|Helsinki|University/);
    await popup.close();
    await page.close();
  });

  test('a guideline pack that does not load falls back to the built-in guidelines, with a clear error', async () => {
    const state = await setPolicy(browser, { guidelinePack: '[pack]\nid = 3' });
    assert.equal(state.checkerReady, true);
    assert.equal(state.errors[0].kind, 'pack');
    assert.match(state.errors[0].detail, /custom pack:2/);
    const page = await openWithPost(browser, 'facebook', `hetu ${ID}`);
    assert.deepEqual(await allUnderlined(page), [ID]);
    const popup = await openPopup(browser, page);
    assert.match(await popup.locator('#errors').textContent(), /guidelines could not be read, so the built-in guidelines are used: custom pack:2/);
    await popup.close();
    await page.close();
  });

  test('the organisation can switch a site off, and the person cannot switch it back on', async () => {
    const page = await openWithPost(browser, 'linkedin', `hetu ${ID}`);
    await setPolicy(browser, { sites: { linkedin: false } });
    await page.waitForFunction(() => !document.querySelector('guidepost-ui'));
    const popup = await openPopup(browser, page);
    assert.match(await popup.locator('#draft').textContent(), /Set by your organisation/);
    assert.equal(await popup.locator('#draft button').count(), 0);
    await popup.click('#tab-settings');
    assert.equal(await popup.locator('input[data-id="sites.linkedin"]').isDisabled(), true);
    assert.equal(await popup.locator('input[data-id="sites.x"]').isDisabled(), false);
    await popup.close();
    await page.close();
  });
});

test('settings in chrome.storage.sync: one key per setting and the schema version, nothing else', async () => {
  const page = await openWithPost(browser, 'x', POST);
  await changeSettings(browser, { role: 'supervisor', sites: { facebook: false } });
  const stored = JSON.parse(await storedText(browser));
  assert.deepEqual(stored[0], { role: 'supervisor', sites: { x: true, linkedin: true, facebook: false, bluesky: true, threads: true }, settingsVersion: VERSION });
  assert.deepEqual(stored[1], {}, 'nothing in chrome.storage.local');
  assert.equal(await editorText(page), POST);
  await page.close();
});

test('no request left the machine, and nothing went wrong on any page', () => {
  assert.deepEqual(browser.strayRequests(), []);
  assert.deepEqual(browser.problems, []);
});
