// Two boxes at once, on each site's real editor: the two posts of an X thread, a LinkedIn comment
// and a reply to a comment, a Facebook comment and a reply. Checks follow the right box:
// - each box's findings are underlined in that box and nowhere else, as each is typed, edited and
//   edited again while the other keeps its own;
// - a box that goes away (its form removed, as the site does when a reply is sent or cancelled)
//   takes its session and underlines with it, and the other box goes on being checked.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BOXES, openBox } from './boxes.mjs';
import { card, launchGuidepost, waitForCheck, waitForNoCard } from './guidepost.mjs';
import { contentScriptWorld, until } from './probes.mjs';

const PAIRS = {
  x: ['x/post', 'x/thread, second post'],
  linkedin: ['linkedin/comment', 'linkedin/reply to a comment'],
  facebook: ['facebook/comment', 'facebook/reply to a comment'],
};
const boxNamed = (id) => BOXES.find((box) => `${box.site}/${box.name}` === id);

let browser;

before(async () => {
  browser = await launchGuidepost();
});

after(() => browser?.close());

/**
 * Every underline, by the box it lies in: { first: [texts], second: [texts], elsewhere: [texts] }.
 * @param {string[]} selectors the two boxes
 */
function underlinesByBox(page, selectors) {
  return page.evaluate((boxes) => {
    const [first, second] = boxes.map((selector) => document.querySelector(selector));
    const out = { first: [], second: [], elsewhere: [] };
    for (const severity of ['stop', 'warn', 'tip']) {
      for (const range of CSS.highlights.get(`guidepost-${severity}`) ?? []) {
        const inside = (box) => box?.contains(range.startContainer) && box.contains(range.endContainer);
        const where = inside(first) ? 'first' : inside(second) ? 'second' : 'elsewhere';
        out[where].push(range.toString());
      }
    }
    for (const list of Object.values(out)) list.sort();
    return out;
  }, selectors);
}

/**
 * Types at the end of a box, reached from the keyboard (a card or hint of the other box may lie
 * over it; the card is put away with Escape first, as a person would).
 */
async function typeIntoBox(page, box, text) {
  if (await card(page)) {
    await page.keyboard.press('Escape');
    await waitForNoCard(page);
  }
  await page.focus(box.box);
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

/** The length of all the text Guidepost reported checking last (our host's data-checked-length). */
const waitForBox = (page, box) => page.evaluate((selector) => document.querySelector(selector).textContent.length, box.box).then((length) => waitForCheck(page, length));

describe('two boxes at once: each box its own findings, underlined in it and nowhere else', () => {
  for (const [site, [firstId, secondId]] of Object.entries(PAIRS)) {
    test(`on ${site}: ${firstId} and ${secondId}`, async () => {
      const [first, second] = [boxNamed(firstId), boxNamed(secondId)];
      const page = await openBox(browser.context, second);
      const selectors = [first.box, second.box];
      const expectBoxes = (expected, message) =>
        until(() => underlinesByBox(page, selectors), (found) => JSON.stringify(found) === JSON.stringify(expected), { message });

      await typeIntoBox(page, first, 'Hetu 131052-308T');
      await expectBoxes({ first: ['131052-308T'], second: [], elsewhere: [] }, 'the first box typed');
      await typeIntoBox(page, second, 'Password: Kissa123!');
      await expectBoxes({ first: ['131052-308T'], second: ['Password: Kissa123!'], elsewhere: [] }, 'the second box typed');
      // Editing one box re-checks it, and the other keeps its own underlines.
      await typeIntoBox(page, first, ' sci-hub.se');
      await expectBoxes({ first: ['131052-308T', 'sci-hub.se'], second: ['Password: Kissa123!'], elsewhere: [] }, 'the first box edited');
      await typeIntoBox(page, second, '');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('See you!');
      await expectBoxes({ first: ['131052-308T', 'sci-hub.se'], second: [], elsewhere: [] }, 'the second box cleaned');
      await typeIntoBox(page, second, ' Password: Summer2024!');
      await expectBoxes({ first: ['131052-308T', 'sci-hub.se'], second: ['Password: Summer2024!'], elsewhere: [] }, 'the second box edited again');

      // The second box goes away with its form: its session and underlines with it.
      const world = await contentScriptWorld(browser, page);
      assert.equal(await world.count('Session'), 2, 'a session for each box');
      await page.evaluate((selector) => {
        const box = document.querySelector(selector);
        (box.closest('form') ?? box.parentElement).remove();
      }, second.box);
      await expectBoxes({ first: ['131052-308T', 'sci-hub.se'], second: [], elsewhere: [] }, 'the second box removed');
      await until(() => world.count('Session'), (n) => n === 1, { message: 'the sessions after the second box went away' });
      await typeIntoBox(page, first, ' Password: Kissa123!');
      await waitForBox(page, first);
      await expectBoxes({ first: ['131052-308T', 'Password: Kissa123!', 'sci-hub.se'].sort(), second: [], elsewhere: [] }, 'the first box typed on');
      await world.cdp.detach();
      await page.close();
    });
  }
});
