// `./build.sh demo`: Guidepost on the three real-editor compose boxes, with nothing to log in to.
//
// Opens Chromium with the built extension (dist/), the X (Draft.js), LinkedIn (Quill) and Facebook
// (Lexical) fixture pages served at their real URLs by the test harness (every other request is
// stopped: nothing leaves the machine), each pre-filled with a post that several guidelines warn
// about, and the popup beside them. With a display it stays open until you close the window;
// without one ($DISPLAY unset) it writes screenshots and says where.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { SITES, openSite, typeInto } from './harness.mjs';
import { hoverFinding, launchGuidepost, tabIdOf, waitForCheck } from './guidepost.mjs';

/** A post that triggers several rules: a pirate link (with a DOI to swap in), a password, an identity code, a phone number, a hashtag. */
export const DEMO_POST = [
  'Great workshop today! Slides and the paper: https://sci-hub.se/10.1038/s41586-020-2649-2',
  'Lab wifi password is Tiger#99',
  'Student ID for the form: 131052-308T',
  'Questions? Call me on 040 718 2293 #wearehelsinkiuni',
].join('\n');

const OUT = resolve('target/demo');
const headless = !process.env.DISPLAY;

const browser = await launchGuidepost({ headless });
const pages = {};
for (const site of Object.keys(SITES)) {
  const page = await openSite(browser.context, site);
  await page.setViewportSize({ width: 1000, height: 640 });
  await typeInto(page, site, DEMO_POST);
  await waitForCheck(page, DEMO_POST.length);
  pages[site] = page;
}
const popup = await browser.context.newPage();
await popup.setViewportSize({ width: 380, height: 640 });
await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${await tabIdOf(browser, pages.x)}`);
await popup.waitForFunction(() => document.body.dataset.ready === 'true');

if (headless) {
  mkdirSync(OUT, { recursive: true });
  const written = [];
  for (const [site, page] of Object.entries(pages)) {
    await page.bringToFront();
    await hoverFinding(page, '131052-308T', 'finnish-id');
    const path = `${OUT}/demo-${site}.png`;
    await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
    written.push(path);
  }
  const path = `${OUT}/demo-popup.png`;
  await popup.screenshot({ path, fullPage: true, animations: 'disabled' });
  written.push(path);
  await browser.close();
  console.log(`No display ($DISPLAY is unset), so the demo took screenshots instead:\n${written.map((p) => `  ${p}`).join('\n')}`);
} else {
  await pages.x.bringToFront();
  console.log(`Guidepost demo: three tabs (X on Draft.js, LinkedIn on Quill, Facebook on Lexical) with a
post that breaks several guidelines, and the popup in a fourth tab.
  - Hover an underline, or put the caret in it, for its card: fix it in one click, ignore it, or
    turn its rule off.
  - Press Post (or Ctrl+Enter) while a "Stop" finding is open: Guidepost asks first.
  - Alt+Shift+G goes to the next finding and opens its card (if this Chromium gives the extension
    the shortcut); Escape closes the card.
Nothing leaves this machine: the pages are local fixtures. Close the browser window to end the demo.`);
  await new Promise((done) => browser.context.on('close', done));
  await browser.close().catch(() => {});
}
