// Helpers for tests of the Guidepost extension itself, on top of harness.mjs: waiting for checks
// (on our host element's data attributes, never on time), reading underlines and the card, driving
// the service worker (settings, a managed policy, commands) and opening the popup.
import { resolve } from 'node:path';
import { SITES, launchBrowser, openSite, typeInto } from './harness.mjs';

/** The built extension: dist/, or a copy with a protection taken out (GUIDEPOST_DIST) to see a test fail. */
export const EXTENSION_DIR = resolve(process.env.GUIDEPOST_DIST ?? 'dist');
export const SCREENSHOTS = resolve('docs/screenshots');

/** A browser with the built extension (dist/) loaded. */
export function launchGuidepost(options = {}) {
  return launchBrowser({ extensionDir: EXTENSION_DIR, ...options });
}

/** The extension's service worker (found again each time: Chromium may have restarted it). */
export async function worker(browser) {
  const prefix = `chrome-extension://${browser.extensionId}/`;
  const found = browser.context.serviceWorkers().find((w) => w.url().startsWith(prefix));
  if (found) return found;
  return browser.context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(prefix) });
}

/** Evaluate in the service worker, where `guidepostWorker` holds background.js's entry points. */
export async function inWorker(browser, fn, arg) {
  return (await worker(browser)).evaluate(fn, arg);
}

/**
 * Back to a fresh install: no stored settings, no policy. Resolves once the worker has rebuilt
 * its checker and told the open tabs.
 */
export function resetSettings(browser) {
  return inWorker(browser, async () => {
    if (self.realManagedGet) chrome.storage.managed.get = self.realManagedGet;
    await chrome.storage.sync.clear();
    await chrome.storage.local.clear();
    await guidepostWorker.settingsChanged();
  });
}

/** Changes settings the way the popup does (through the worker, which checks the locks). */
export function changeSettings(browser, changes) {
  return inWorker(browser, async (c) => {
    const reply = await guidepostWorker.handlers.set({ changes: c });
    return reply.state;
  }, changes);
}

/**
 * Puts an organisation's policy in place. chrome.storage.managed can only be filled by real
 * enterprise policy, so the test replaces its get() in the worker (the only reader) and tells the
 * worker that the policy changed, as chrome.storage.onChanged would.
 */
export function setPolicy(browser, policy) {
  return inWorker(browser, async (p) => {
    self.realManagedGet ??= chrome.storage.managed.get;
    chrome.storage.managed.get = async () => JSON.parse(JSON.stringify(p));
    await guidepostWorker.settingsChanged();
    return (await guidepostWorker.currentState()).view;
  }, policy);
}

/** The worker's current view of the settings (what the popup and the pages get). */
export function workerState(browser) {
  return inWorker(browser, async () => (await guidepostWorker.currentState()).view);
}

/** Everything in chrome.storage (sync and local), as JSON text. */
export function storedText(browser) {
  return inWorker(browser, async () => JSON.stringify([await chrome.storage.sync.get(null), await chrome.storage.local.get(null)]));
}

/** The id of the tab showing `page`. */
export function tabIdOf(browser, page) {
  return inWorker(browser, async (url) => (await chrome.tabs.query({ url }))[0]?.id, page.url());
}

/** Opens a site and types a post into it; resolves once that text has been checked. */
export async function openWithPost(browser, site, text) {
  const page = await openSite(browser.context, site);
  await typeInto(page, site, text);
  await waitForCheck(page, text.length);
  return page;
}

/** Waits until the extension has checked a text of this length (our host element says so). */
export async function waitForCheck(page, length) {
  await page.waitForFunction((expected) => document.querySelector('guidepost-ui')?.dataset.checkedLength === String(expected), length);
}

/** Waits until the page shows this many findings. */
export async function waitForFindings(page, count) {
  await page.waitForFunction((expected) => document.querySelector('guidepost-ui')?.dataset.findings === String(expected), count);
}

/** How many checks the page has reported so far. */
export function checkCount(page) {
  return page.evaluate(() => Number(document.querySelector('guidepost-ui')?.dataset.checks ?? 0));
}

/** Waits for a check reported after `count` checks. */
export async function waitForCheckAfter(page, count) {
  await page.waitForFunction((n) => Number(document.querySelector('guidepost-ui')?.dataset.checks ?? 0) > n, count);
}

/** The text under each underline, per severity, read from the page's highlight registry. */
export function underlined(page) {
  return page.evaluate(() => {
    const out = {};
    for (const severity of ['stop', 'warn', 'tip']) {
      const highlight = CSS.highlights.get(`guidepost-${severity}`);
      out[severity] = highlight ? [...highlight].map((range) => range.toString()) : [];
    }
    return out;
  });
}

/** Every underlined text, whatever its severity. */
export async function allUnderlined(page) {
  const marks = await underlined(page);
  return [...marks.stop, ...marks.warn, ...marks.tip];
}

/** Waits until `needle` is (or, with present=false, is no longer) underlined. */
export async function waitForUnderline(page, needle, present = true) {
  await page.waitForFunction(
    ({ needle, present }) => {
      const all = ['stop', 'warn', 'tip'].flatMap((s) => [...(CSS.highlights.get(`guidepost-${s}`) ?? [])].map((r) => r.toString()));
      return all.includes(needle) === present;
    },
    { needle, present },
  );
}

/** The visible card: { text, rule, severity } or null. */
export function card(page) {
  return page.evaluate(() => {
    const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card');
    return node && !node.hidden ? { text: node.textContent, rule: node.dataset.rule, severity: node.dataset.severity } : null;
  });
}

export async function waitForCard(page, rule) {
  await page.waitForFunction((r) => {
    const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card');
    return node && !node.hidden && (!r || node.dataset.rule === r);
  }, rule ?? null);
}

export async function waitForNoCard(page) {
  await page.waitForFunction(() => {
    const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card');
    return !node || node.hidden;
  });
}

/** Hovers the underline over `needle` and waits for its card. */
export async function hoverFinding(page, needle, rule) {
  const point = await page.evaluate((text) => {
    for (const severity of ['stop', 'warn', 'tip']) {
      for (const range of CSS.highlights.get(`guidepost-${severity}`) ?? []) {
        if (range.toString() !== text) continue;
        const rect = range.getClientRects()[0];
        return { x: rect.left + Math.min(rect.width / 2, 20), y: rect.top + rect.height / 2 };
      }
    }
    return null;
  }, needle);
  if (!point) throw new Error(`"${needle}" is not underlined`);
  // A card already open (at the caret) may lie over the text: put it away first, as a person would.
  const covered = await page.evaluate(({ x, y }) => {
    const open = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.card:not([hidden])');
    const box = open?.getBoundingClientRect();
    return Boolean(box && x >= box.left && x <= box.right && y >= box.top && y <= box.bottom);
  }, point);
  if (covered) {
    await page.keyboard.press('Escape');
    await waitForNoCard(page);
  }
  await page.mouse.move(point.x, point.y);
  await waitForCard(page, rule);
}

/** A button in the card or the pre-post dialog, by its data-action. */
export function uiButton(page, action) {
  return page.locator(`guidepost-ui button[data-action="${action}"]`);
}

/** The pre-post dialog's text, or null when it is not open. */
export function dialogText(page) {
  return page.evaluate(() => {
    const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.backdrop');
    return node && !node.hidden ? node.textContent : null;
  });
}

export async function waitForDialog(page, open = true) {
  await page.waitForFunction((o) => {
    const node = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector('.backdrop');
    return Boolean(node && !node.hidden) === o;
  }, open);
}

/** What has keyboard focus: 'editor', a card/dialog button's data-action, or a description. */
export function focused(page, site) {
  return page.evaluate((selector) => {
    const active = document.activeElement;
    if (active?.matches?.(selector)) return 'editor';
    if (active?.tagName === 'GUIDEPOST-UI') {
      const inner = active.shadowRoot.activeElement;
      return inner?.dataset?.action ?? inner?.className ?? 'guidepost-ui';
    }
    return active?.tagName?.toLowerCase() ?? null;
  }, SITES[site].composeBox);
}

/** The popup page, opened as a tab about `page`'s tab, once it has rendered. */
export async function openPopup(browser, page, { colorScheme = 'light', width = 380 } = {}) {
  const tab = await tabIdOf(browser, page);
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width, height: 600 });
  await popup.emulateMedia({ colorScheme });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tab}`);
  await popup.waitForFunction(() => document.body.dataset.ready === 'true');
  return popup;
}

/**
 * The hint chips of findings about the whole post, in our shadow root: [{ rule, severity, text,
 * expanded, visible, rect }]. They are Guidepost's, beside the compose box; never an underline.
 */
export function hints(page) {
  return page.evaluate(() =>
    [...(document.querySelector('guidepost-ui')?.shadowRoot?.querySelectorAll('.hint') ?? [])].map((chip) => {
      const { left, top, right, bottom, width, height } = chip.getBoundingClientRect();
      return {
        rule: chip.dataset.rule,
        severity: chip.dataset.severity,
        text: chip.textContent,
        expanded: chip.getAttribute('aria-expanded'),
        visible: chip.checkVisibility() && width > 0 && height > 0,
        rect: { left, top, right, bottom, width, height },
      };
    }),
  );
}

/** Waits until a hint chip for `rule` is shown (or, with present=false, until there is none). */
export async function waitForHint(page, rule, present = true) {
  await page.waitForFunction(
    ({ rule, present }) => {
      const chip = document.querySelector('guidepost-ui')?.shadowRoot?.querySelector(`.hint[data-rule="${rule}"]`);
      return Boolean(chip && chip.checkVisibility()) === present;
    },
    { rule, present },
  );
}

/** The hint chip of a rule, as a locator (Playwright pierces our open shadow root). */
export function hintChip(page, rule) {
  return page.locator(`guidepost-ui .hint[data-rule="${rule}"]`);
}

/** The chips of the advice on answering attacks with attacks (the heated-reply rule) beside the box. */
export async function attackAdvice(page) {
  return (await hints(page)).filter((hint) => hint.rule === 'heated-reply');
}

/** Waits for the advice on answering attacks, checks it is shown once, opens its card: the card's text. */
export async function openAttackAdvice(page) {
  await waitForHint(page, 'heated-reply');
  if ((await attackAdvice(page)).length !== 1) throw new Error('the advice on answering attacks is shown more than once');
  await hintChip(page, 'heated-reply').click();
  await waitForCard(page, 'heated-reply');
  return (await card(page)).text;
}

/** The bounding rectangle of an element of the page. */
export function rectOf(page, selector) {
  return page.evaluate((s) => {
    const { left, top, right, bottom, width, height } = document.querySelector(s).getBoundingClientRect();
    return { left, top, right, bottom, width, height };
  }, selector);
}

/** Whether two rectangles overlap. */
export function overlaps(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
