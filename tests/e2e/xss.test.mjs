// Drafts are hostile input. A draft with `<img onerror>`, `<script>`, `javascript:` links and HTML
// entities is shown as plain text in the card and in the popup, and nothing in it runs.
//
// The pages here are served with a CSP that allows inline script, so that markup injected into
// the page would really run: a tripwire (the payloads set window.__pwned) would catch it. A first
// test shows that the tripwire works, from the content script's own world.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DIST_DIR } from './build-fixtures.mjs';
import { CSP, SITES, editorText, launchBrowser, typeInto } from './harness.mjs';
import { hoverFinding, waitForCheck, waitForNoCard } from './guidepost.mjs';
import { contentScriptWorld, openPopupOver } from './probes.mjs';

const EXTENSION_DIR = resolve(process.env.GUIDEPOST_DIST ?? 'dist');

/** The fixtures' CSP, but letting inline script and handlers run: a page that would not save us. */
const LAX_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");

/** Each line carries a payload; the first and last are also findings, whose text the UI shows. */
const DRAFT = [
  // A placeholder such as `<your-token>` is not a password, so the payload follows real characters.
  "pwd: Kx9<img/src='x'/onerror=window.__pwned=2>",
  '<img src=x onerror="window.__pwned=\'img\'"> <svg onload="window.__pwned=\'svg\'"> <script>window.__pwned="script"</script>',
  '<a href="javascript:window.__pwned=\'link\'">click</a> javascript:window.__pwned="bare"',
  'Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; &#x3C;i&#x3E; &quot;',
  "paper: https://sci-hub.se/10.1038/&lt;img/src='x'/onerror=window.__pwned=1&gt;/x",
].join('\n');

/** What the fix of the last line offers: the DOI link, entities and all, as written. */
const DOI_LINK = "https://doi.org/10.1038/&lt;img/src='x'/onerror=window.__pwned=1&gt;/x";

/** Elements that load, run or embed something; none may appear in anything Guidepost draws. */
const EMBEDS = 'img, script, iframe, frame, object, embed, svg, math, style, link, video, audio, source, meta, base, template';
/** In the card, not even a form. (The popup has its settings form.) */
const ACTIVE = `${EMBEDS}, form, input, textarea, select`;

/**
 * Active elements, event-handler attributes and links that are not https (or the extension's own
 * files) under `root` (a selector; `shadow` for its shadow root), shadow roots included. Runs in
 * the page.
 */
function activeContent({ root, shadow, active }) {
  const found = [];
  const walk = (node) => {
    for (const element of node.querySelectorAll('*')) {
      if (element.matches(active)) found.push(`<${element.localName}>`);
      for (const { name, value } of element.attributes) {
        if (/^on/i.test(name)) found.push(`${element.localName}[${name}]`);
        const local = /^(https:|chrome-extension:|\.\.?\/|[\w-]+\.(html|css|js|png)$)/;
        if (['href', 'src', 'action', 'formaction'].includes(name) && !local.test(value)) found.push(`${element.localName}[${name}=${value}]`);
      }
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  const start = document.querySelector(root);
  walk(shadow ? start.shadowRoot : start);
  return found;
}

let browser;
before(async () => {
  browser = await launchBrowser({ extensionDir: EXTENSION_DIR });
});
after(() => browser?.close());

/** Opens a site with the lax CSP and a tripwire check; resolves once the draft is checked. */
async function openWithDraft(site) {
  const page = await browser.context.newPage();
  await page.route(SITES[site].url, (route) =>
    route.fulfill({
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': LAX_CSP },
      body: readFileSync(join(DIST_DIR, site, 'index.html')),
    }),
  );
  await page.goto(SITES[site].url);
  await page.waitForFunction((s) => window.__fixture?.site === s && window.__fixture.ready === true, site);
  // Hovering opens a card on the next animation frame, which only a visible tab has.
  await page.bringToFront();
  return page;
}

test('the tripwire works: markup that a content script put in the page would run', async () => {
  const page = await openWithDraft('x');
  await typeInto(page, 'x', 'hello');
  await waitForCheck(page, 5);
  const world = await contentScriptWorld(browser, page);
  await world.evaluate(`document.body.insertAdjacentHTML('beforeend', '<img id="tripwire-control" src="x" onerror="window.__pwned = \\'control\\'">')`);
  await page.waitForFunction(() => window.__pwned === 'control');
  await world.cdp.detach();
  await page.close();
});

for (const site of Object.keys(SITES)) {
  describe(`on ${site}`, () => {
    let page;
    before(async () => {
      page = await openWithDraft(site);
      await typeInto(page, site, DRAFT);
      await waitForCheck(page, DRAFT.length);
    });
    after(() => page?.close());

    test('the editor holds the draft as text, and nothing ran', async () => {
      assert.equal(await editorText(page), DRAFT);
      assert.deepEqual(await page.evaluate(activeContent, { root: SITES[site].composeBox, active: ACTIVE }), []);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
    });

    test('cards show the payloads as plain text', async () => {
      const shadowActive = () => page.evaluate(activeContent, { root: 'guidepost-ui', shadow: true, active: ACTIVE });

      await hoverFinding(page, "pwd: Kx9<img/src='x'/onerror=window.__pwned=2>", 'password');
      assert.deepEqual(await shadowActive(), []);
      // Close it (it may cover the next one).
      await page.keyboard.press('Escape');
      await waitForNoCard(page);

      await hoverFinding(page, "https://sci-hub.se/10.1038/&lt;img/src='x'/onerror=window.__pwned=1&gt;/x", 'piracy-link');
      const labels = await page.evaluate(() => [...document.querySelector('guidepost-ui').shadowRoot.querySelectorAll('.card button')].map((b) => b.textContent));
      assert.ok(labels.some((label) => label.includes(DOI_LINK)), `a fix shows the link exactly as written, entities undecoded: ${JSON.stringify(labels)}`);
      assert.deepEqual(await shadowActive(), []);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
    });

    test('the popup shows them as plain text, and nothing ran there', async () => {
      const popup = await openPopupOver(browser, page);
      const text = await popup.evaluate(() => document.body.textContent);
      // The popup lists each finding with an excerpt of its text.
      assert.ok(text.includes("pwd: Kx9<img/src='x'/onerror=window.__pwned=2>"), text);
      const embeds = EMBEDS.replace('img, ', 'img:not([src="../icons/32.png"]), ');
      assert.deepEqual(await popup.evaluate(activeContent, { root: 'body', active: embeds }), []);
      assert.equal(await popup.evaluate(() => window.__pwned), undefined);
      await popup.close();
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
    });
  });
}

test('the extension only ever asked for its own files', () => {
  const own = `chrome-extension://${browser.extensionId}/`;
  const missing = browser.extensionRequests.filter((r) => !r.url.startsWith(own) || !existsSync(join(EXTENSION_DIR, new URL(r.url).pathname)));
  assert.deepEqual(missing, [], 'an <img src=x> in an extension page would ask for a file that does not exist');
});
