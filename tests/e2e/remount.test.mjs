// The compose box re-mounted by the site's router, on all three real editors. Each fixture's
// router (`__fixture.navigate(path)`) renders the page of a path anew, as a single-page app does on
// a route change: the old editor is torn down with its DOM, and a composer is a new editor instance
// in new nodes (Draft.js unmounted and mounted by React, a new Quill, a new Lexical editor).
// - A box replaced by a fresh one in one step: the checks follow the new box (a problem typed
//   there is underlined there, its fix goes into the new editor, the pre-post check holds its
//   Post), nothing of the old box stays (its session, observer, underlines, card, listeners), and
//   no underline is drawn outside the new box.
// - The compose dialog closed (the router leaves for another page) and opened again ten times,
//   each time a new editor: at the end the same sessions, observers, UIs, host elements,
//   highlight registrations, style sheets, underlines and event listeners (of every JS world) as
//   after the first open. (robustness.test.mjs closes and re-attaches the same composer instead.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SITES, openSite, typeInto } from './harness.mjs';
import { dialogText, hoverFinding, launchGuidepost, uiButton, waitForCard, waitForCheck, waitForDialog, waitForNoCard } from './guidepost.mjs';
import { contentScriptWorld, footprint, listenersOfEveryWorld, until } from './probes.mjs';

/** Where each fixture's router shows the composer, and a page of the same site without one. */
const ROUTES = {
  x: { composer: '/compose/post', away: '/home' },
  linkedin: { composer: '/feed/', away: '/mynetwork/' },
  facebook: { composer: '/', away: '/marketplace/' },
};

const PROBLEM = 'hetu 131052-308T';
const CLOSINGS = 10;

let browser;

before(async () => {
  browser = await launchGuidepost();
});

after(() => browser?.close());

const navigate = (page, path) => page.evaluate((to) => window.__fixture.navigate(to), path);

/**
 * The editor instance behind the compose box, as something the test can compare: the Quill or
 * Lexical editor object the fixture exposes, or Draft.js's editor key (each instance draws its own
 * random one into its blocks' data-editor).
 */
function rememberEditor(page, selector, name) {
  return page.evaluate(
    ({ selector, name }) => {
      const box = document.querySelector(selector);
      window[name] = { box, editor: window.__fixture.quill ?? window.__fixture.editor ?? box.querySelector('[data-editor]').dataset.editor };
    },
    { selector, name },
  );
}

/** Every underline, by where it lies: inside the compose box on the page now, or anywhere else (a removed box included). */
function underlinesByPlace(page, selector) {
  return page.evaluate((boxSelector) => {
    const box = document.querySelector(boxSelector);
    const out = { inBox: [], elsewhere: [] };
    for (const severity of ['stop', 'warn', 'tip']) {
      for (const range of CSS.highlights.get(`guidepost-${severity}`) ?? []) {
        const inside = box?.contains(range.startContainer) && box.contains(range.endContainer);
        out[inside ? 'inBox' : 'elsewhere'].push(range.toString());
      }
    }
    for (const list of Object.values(out)) list.sort();
    return out;
  }, selector);
}

/** Types a problem into the compose box and puts the caret into it, which opens its card. */
async function typeProblemAndOpenCard(page, site) {
  await typeInto(page, site, PROBLEM);
  await waitForCheck(page, PROBLEM.length);
  await page.keyboard.press('ArrowLeft');
  await waitForCard(page);
}

describe("a compose box re-mounted by the site's router as a new editor: checks follow the new box, nothing of the old one stays", () => {
  for (const site of Object.keys(SITES)) {
    test(`on ${site}`, async () => {
      const page = await openSite(browser.context, site);
      const world = await contentScriptWorld(browser, page);
      const box = SITES[site].composeBox;
      await typeProblemAndOpenCard(page, site);
      const atFirst = await footprint(world, page);
      assert.deepEqual({ sessions: atFirst.sessions, ranges: atFirst.ranges }, { sessions: 1, ranges: 1 }, 'one session, one underline');
      const listeners = await listenersOfEveryWorld(page);
      await rememberEditor(page, box, '__old');

      // The router renders the composer's page again, in one step.
      await navigate(page, ROUTES[site].composer);
      await page.locator(box).waitFor({ state: 'visible' });
      await rememberEditor(page, box, '__new');
      assert.deepEqual(
        await page.evaluate(() => ({
          newBox: window.__new.box !== window.__old.box,
          oldBoxGone: !window.__old.box.isConnected,
          newEditor: window.__new.editor !== window.__old.editor,
          text: window.__fixture.getText(),
        })),
        { newBox: true, oldBoxGone: true, newEditor: true, text: '' },
        'a new, empty editor in new nodes',
      );
      const expected = { ...atFirst, ranges: 0 };
      await until(() => footprint(world, page), (now) => JSON.stringify(now) === JSON.stringify(expected), { message: "the old box's session, observer and underline gone" });
      await waitForNoCard(page);
      await until(() => listenersOfEveryWorld(page), (now) => JSON.stringify(now) === JSON.stringify(listeners), { message: 'the listeners of every world, as before' });

      // The new box is checked, and only it is drawn on.
      const typed = `${PROBLEM} Password: Kissa123!`;
      await typeInto(page, site, typed);
      await waitForCheck(page, typed.length);
      assert.deepEqual(await underlinesByPlace(page, box), { inBox: ['131052-308T', 'Password: Kissa123!'], elsewhere: [] });
      assert.deepEqual({ sessions: await world.count('Session') }, { sessions: 1 }, "the new box's session only");

      // Its fix goes through the new editor: the editor's own text has the code masked.
      await hoverFinding(page, '131052-308T', 'finnish-id');
      await uiButton(page, 'mask').click();
      await page.waitForFunction(() => !window.__fixture.getText().includes('131052-308T'));
      await waitForCheck(page, typed.length);
      assert.deepEqual(await underlinesByPlace(page, box), { inBox: ['Password: Kissa123!'], elsewhere: [] });

      // The pre-post check holds the new box's Post for the password, and "Post anyway" posts it once.
      const text = await page.evaluate(() => window.__fixture.getText());
      await page.locator(SITES[site].postButton).click();
      await waitForDialog(page);
      assert.match(await dialogText(page), /password/i);
      assert.deepEqual(await page.evaluate(() => window.__fixture.posts), [], 'held');
      await uiButton(page, 'post-anyway').click();
      await page.waitForFunction(() => window.__fixture.posts.length === 1);
      assert.deepEqual(await page.evaluate(() => window.__fixture.posts), [text], 'posted once, the new box');
      await world.cdp.detach();
      await page.close();
    });
  }
});

describe(`a compose dialog closed and opened ${CLOSINGS} times, a new editor each time, leaves the counts of the first open`, () => {
  for (const site of Object.keys(SITES)) {
    test(`on ${site}`, async () => {
      const page = await openSite(browser.context, site);
      const world = await contentScriptWorld(browser, page);
      const box = SITES[site].composeBox;
      await typeProblemAndOpenCard(page, site);
      const firstOpen = { footprint: await footprint(world, page), listeners: await listenersOfEveryWorld(page) };
      assert.deepEqual({ sessions: firstOpen.footprint.sessions, ranges: firstOpen.footprint.ranges }, { sessions: 1, ranges: 1 });
      const closed = { ...firstOpen.footprint, sessions: 0, ranges: 0 };

      for (let opening = 1; opening <= CLOSINGS; opening += 1) {
        await rememberEditor(page, box, '__old');
        await navigate(page, ROUTES[site].away);
        await until(() => footprint(world, page), (now) => JSON.stringify(now) === JSON.stringify(closed), { message: `closed, time ${opening}` });
        await navigate(page, ROUTES[site].composer);
        await page.locator(box).waitFor({ state: 'visible' });
        await rememberEditor(page, box, '__new');
        assert.equal(await page.evaluate(() => window.__new.editor !== window.__old.editor && window.__new.box !== window.__old.box), true, `a new editor, time ${opening}`);
        await typeProblemAndOpenCard(page, site);
        assert.deepEqual(await underlinesByPlace(page, box), { inBox: ['131052-308T'], elsewhere: [] }, `opened, time ${opening}`);
      }

      await until(() => footprint(world, page), (now) => JSON.stringify(now) === JSON.stringify(firstOpen.footprint), { message: `after ${CLOSINGS} closings` });
      await until(() => listenersOfEveryWorld(page), (now) => JSON.stringify(now) === JSON.stringify(firstOpen.listeners), { message: `the listeners after ${CLOSINGS} closings` });
      await world.cdp.detach();
      await page.close();
    });
  }
});
