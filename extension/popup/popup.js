// @ts-check
// The toolbar popup, in three parts: this tab's draft (findings by category; choose one to see it in
// the page), the guidelines in short, and the settings. Settings are written by the service worker
// (the one place that knows the locks); this page only asks.
import * as I18n from '../i18n.js';
import { askTab as askTabOf, askWorker, toTab, toWorker } from '../protocol.js';
import * as Servers from '../servers.js';
import * as Settings from '../settings.js';

/** @typedef {import('../protocol.js').View} View */
/** @typedef {import('../protocol.js').Summary} Summary */

/** @type {View} */
let state = null;
/** @type {I18n.Translate} */
let t = (key) => key;
/** @type {number | null} */
let tabId = null;
/** @type {Summary | null} */
let summary = null;
/** @type {import('../protocol.js').PackGuidelines | null} */
let guidelines = null;
/** @type {string | null} the origin of a Mastodon compose box seen in this tab, where Guidepost does not run yet */
let composerSeen = null;
/** @type {string | null} a server the browser did not grant */
let refused = null;

/** An element of popup.html, by id (every id asked for is in it). */
const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {string} [className]
 * @param {string} [text]
 * @returns {HTMLElementTagNameMap[K]}
 */
function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const categoryLabel = (category) => t(`category_${category.replaceAll('-', '_')}`);
const SEVERITY_RANK = { stop: 0, warn: 1, tip: 2 };

/** The tab the popup is about: the active one, or `?tab=<id>` when the page is opened by itself. */
async function targetTab() {
  const asked = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(asked) && asked > 0) return asked;
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

/**
 * Whether this tab shows a Mastodon compose box, where no content script runs: its origin, or
 * null. The popup may look only with the access the toolbar click gives it (activeTab) or a grant;
 * nothing of the page is read but whether the box is there.
 */
async function lookForComposer() {
  if (tabId === null) return null;
  try {
    const [found] = await chrome.scripting.executeScript({
      target: { tabId },
      func: (selector) => (location.protocol === 'https:' && document.querySelector(selector) ? location.origin : null),
      args: [Servers.SERVER_COMPOSER],
    });
    return Servers.isOrigin(found?.result) ? found.result : null;
  } catch {
    // No access (a browser page, or no toolbar click): nothing to offer.
    return null;
  }
}

/** Asks this tab's content script; null where none runs. */
async function askTab(message) {
  return tabId === null ? null : askTabOf(tabId, message);
}

function translatePage() {
  document.documentElement.lang = state.language;
  for (const node of document.querySelectorAll('[data-i18n]')) if (node instanceof HTMLElement) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) if (node instanceof HTMLElement) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  document.title = t('extShortName');
}

// ---------------------------------------------------------------------------------------------
// Tabs

function setupTabs() {
  const tabs = [...document.querySelectorAll('button[role="tab"]')].filter((tab) => tab instanceof HTMLButtonElement);
  const select = (tab, focus) => {
    for (const other of tabs) {
      const selected = other === tab;
      other.setAttribute('aria-selected', String(selected));
      other.tabIndex = selected ? 0 : -1;
      $(other.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
  };
  for (const [index, tab] of tabs.entries()) {
    tab.addEventListener('click', () => select(tab, false));
    tab.addEventListener('keydown', (event) => {
      const step = /** @type {Record<string, number>} */ ({ ArrowRight: 1, ArrowLeft: -1, Home: -index, End: tabs.length - 1 - index })[event.key];
      if (step === undefined) return;
      event.preventDefault();
      select(tabs[(index + step + tabs.length) % tabs.length], true);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// This draft

function showSiteStatus() {
  const pill = $('site-status');
  if (!summary?.site) {
    pill.hidden = true;
    return;
  }
  const server = summary.site === 'mastodon';
  const on = server ? state.servers.includes(summary.origin) : state.settings.sites[summary.site] !== false;
  pill.hidden = false;
  pill.dataset.on = String(on);
  pill.textContent = t(on ? 'popupSiteOn' : 'popupSiteOff', [server ? hostOf(summary.origin) : t(`site_${summary.site}`)]);
}

const hostOf = (/** @type {string} */ origin) => new URL(origin).host;

/** "Check on this site" for a Mastodon server Guidepost is not on for. */
function serverOffer(origin) {
  const box = element('div', 'notice');
  box.append(element('p', '', t('popupServerOffer', [hostOf(origin)])));
  if (refused === origin) box.append(element('p', 'refused', t('popupServerRefused', [hostOf(origin)])));
  const button = element('button', 'primary', t('popupServerEnable'));
  button.type = 'button';
  button.dataset.action = 'enable-server';
  button.addEventListener('click', () => enableServer(origin));
  box.append(button);
  return box;
}

/** "Stop checking on this site", under the draft of a server Guidepost is on for. */
function serverOff(origin) {
  const button = element('button', 'secondary', t('popupServerDisable'));
  button.type = 'button';
  button.dataset.action = 'disable-server';
  button.addEventListener('click', () => disableServer(origin));
  const row = element('p', 'server-off');
  row.append(button);
  return row;
}

async function enableServer(origin) {
  // The browser asks the person; the request must come from the click itself, before any await.
  const granted = await chrome.permissions.request({ origins: [Servers.patternOf(origin)] }).catch(() => false);
  if (!granted) {
    refused = origin;
    showDraft();
    return;
  }
  refused = null;
  try {
    const reply = await askWorker(toWorker.enableServer(origin, tabId));
    composerSeen = null;
    await show(reply.state);
    await refreshDraft();
  } catch (error) {
    showErrors(error.message);
  }
}

async function disableServer(origin) {
  try {
    const reply = await askWorker(toWorker.disableServer(origin));
    await show(reply.state);
    await refreshDraft();
  } catch (error) {
    showErrors(error.message);
  }
}

function showDraft() {
  const draft = $('draft');
  draft.replaceChildren();
  showSiteStatus();
  const server = summary?.site === 'mastodon' ? summary.origin : composerSeen;
  if (server && !(summary?.enabled && state.servers.includes(server))) {
    draft.append(serverOffer(server));
    return;
  }
  if (!summary) {
    draft.append(element('p', 'empty', t('popupNoDraft')));
    return;
  }
  if (server) draft.append(serverOff(server));
  if (!summary.enabled) {
    const box = element('div', 'notice');
    box.append(element('p', '', t('popupSiteIsOff', [t(`site_${summary.site}`)])));
    const locked = Settings.isLocked(state, `sites.${summary.site}`);
    if (!locked) {
      const button = element('button', 'primary', t('popupTurnOn'));
      button.type = 'button';
      button.addEventListener('click', () => change({ sites: { [summary.site]: true } }));
      box.append(button);
    } else {
      box.append(element('p', 'managed', t('settingsManaged')));
    }
    draft.append(box);
    return;
  }
  if (summary.status === 'unavailable') {
    draft.append(element('p', 'notice', t('popupUnavailable')));
    return;
  }
  if (summary.findings.length === 0) {
    draft.append(element('p', 'clean', t('popupClean')));
    return;
  }

  const counts = element('div', 'counts');
  for (const severity of ['stop', 'warn', 'tip']) {
    const box = element('div', 'count');
    box.dataset.severity = severity;
    box.append(element('strong', '', String(summary.findings.filter((f) => f.severity === severity).length)), element('span', '', t(`popupCount_${severity}`)));
    counts.append(box);
  }
  draft.append(counts, element('p', 'subtle', t('popupJumpHint')));

  const groups = new Map();
  for (const finding of summary.findings) {
    if (!groups.has(finding.category)) groups.set(finding.category, []);
    groups.get(finding.category).push(finding);
  }
  const worst = (findings) => Math.min(...findings.map((f) => SEVERITY_RANK[f.severity]));
  const ordered = [...groups].sort((a, b) => worst(a[1]) - worst(b[1]) || categoryLabel(a[0]).localeCompare(categoryLabel(b[0])));
  for (const [category, findings] of ordered) {
    const group = element('section', 'group');
    const heading = element('h3', '', categoryLabel(category));
    heading.append(element('span', 'group-count', String(findings.length)));
    const list = element('ul', 'findings');
    for (const finding of findings) {
      const item = element('li');
      const button = element('button', 'finding');
      button.type = 'button';
      button.dataset.key = finding.key;
      button.dataset.severity = finding.severity;
      button.dataset.scope = finding.scope === 'post' ? 'post' : 'span';
      const top = element('span', 'finding-top');
      // Advice about the whole post names no words of it: no word is wrong.
      const excerpt = finding.scope === 'post' ? element('span', 'excerpt whole-post', t('popupWholePost')) : element('span', 'excerpt', finding.excerpt);
      top.append(element('span', 'severity', t(`severity_${finding.severity}`)), excerpt);
      button.append(top, element('span', 'finding-message', finding.message));
      button.addEventListener('click', () => jump(finding.key));
      item.append(button);
      list.append(item);
    }
    group.append(heading, list);
    draft.append(group);
  }
}

async function jump(key) {
  await askTab(toTab.jump(key));
  // As a real popup, get out of the way so the page and its card can be seen.
  if (chrome.extension?.getViews?.({ type: 'popup' }).includes(window)) window.close();
}

async function showShortcut() {
  const commands = await chrome.commands?.getAll?.().catch(() => []) ?? [];
  const shortcut = commands.find((command) => command.name === 'next-finding')?.shortcut;
  $('shortcut').textContent = shortcut ? t('popupShortcut', [shortcut]) : t('popupShortcutUnset');
}

async function refreshDraft() {
  summary = await askTab(toTab.summary());
  showDraft();
}

// ---------------------------------------------------------------------------------------------
// The guidelines

function showGuidelines() {
  const role = state.settings.role;
  $('role-heading').textContent = t('popupRoleHeading', [t(`role_${role}`)]);
  if (!guidelines) return;
  // What the organisation tells its staff comes from its pack, never from Guidepost's own text.
  const { help } = guidelines;
  $('role-tips').replaceChildren(...(help.tips[role] ?? []).map((tip) => element('li', '', tip)));
  $('harassed-steps').textContent = help.harassed;
  $('help-text').textContent = help.contacts;
  const intranet = /** @type {HTMLAnchorElement} */ ($('intranet'));
  intranet.hidden = !help.intranet;
  intranet.textContent = help.intranet?.name ?? '';
  if (/^https:\/\//.test(help.intranet?.url ?? '')) intranet.href = help.intranet.url;
  $('pack-name').textContent = guidelines.name;
  const link = /** @type {HTMLAnchorElement} */ ($('full-guidelines'));
  if (/^https:\/\//.test(guidelines.url)) link.href = guidelines.url;
  $('sections').replaceChildren(
    ...guidelines.sections.map((section) => {
      const details = element('details', 'section');
      details.append(element('summary', '', section.title), element('p', '', section.summary));
      return details;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Settings

/** Marks a control as set by the organisation: disabled, with the reason read out with it. */
function managed(control, locked) {
  control.disabled = locked;
  const holder = control.closest('label');
  holder.classList.toggle('locked', locked);
  holder.querySelector('.managed')?.remove();
  if (locked) {
    const note = element('span', 'managed', t('settingsManaged'));
    note.id = `managed-${control.name || control.dataset.id}`;
    holder.append(note);
    control.setAttribute('aria-describedby', note.id);
  } else {
    control.removeAttribute('aria-describedby');
  }
}

function switchRow(name, label, checked, locked, onChange) {
  const row = element('label', 'switch');
  const input = element('input');
  input.type = 'checkbox';
  input.setAttribute('role', 'switch');
  input.dataset.id = name;
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  row.append(input, element('span', '', label));
  managed(input, locked);
  return row;
}

function fillSelect(select, values, labelOf, value) {
  select.replaceChildren(
    ...values.map((option) => {
      const node = element('option', '', labelOf(option));
      node.value = option;
      return node;
    }),
  );
  select.value = value;
}

function showSettings() {
  const { settings } = state;
  const locked = (name) => Settings.isLocked(state, name);

  $('sites').replaceChildren(
    ...Settings.SITES.map((site) =>
      switchRow(`sites.${site}`, t(`site_${site}`), settings.sites[site] !== false, locked(`sites.${site}`), (on) => change({ sites: { [site]: on } })),
    ),
    // The servers turned on one by one; turning one off gives its grant back.
    ...state.servers.map((origin) => switchRow(`servers.${origin}`, t('settingsServer', [hostOf(origin)]), true, false, (on) => on || disableServer(origin))),
  );

  const form = /** @type {HTMLFormElement} */ ($('settings'));
  const prePost = /** @type {HTMLInputElement} */ (form.elements.namedItem('prePostCheck'));
  const select = (/** @type {string} */ name) => /** @type {HTMLSelectElement} */ (form.elements.namedItem(name));
  prePost.checked = settings.prePostCheck;
  prePost.onchange = () => change({ prePostCheck: prePost.checked });
  managed(prePost, locked('prePostCheck'));

  fillSelect(select('role'), Settings.ROLES, (role) => t(`role_${role}`), settings.role);
  fillSelect(select('minSeverity'), ['tip', 'warn', 'stop'], (severity) => t(`minSeverity_${severity}`), settings.minSeverity);
  fillSelect(select('language'), ['auto', ...Settings.LANGUAGES], (language) => t(`language_${language}`), settings.language);
  for (const name of ['role', 'minSeverity', 'language']) {
    const control = select(name);
    control.onchange = () => change({ [name]: control.value });
    managed(control, locked(name));
  }

  // The categories the guidelines have rules for, in the order of the pack.
  const categories = [...new Set((guidelines?.rules ?? []).map((rule) => rule.category))];
  $('categories').replaceChildren(
    ...categories.map((category) =>
      switchRow(`categories.${category}`, categoryLabel(category), !settings.disabledCategories.includes(category), locked(`categories.${category}`), (on) =>
        change({ disabledCategories: on ? state.settings.disabledCategories.filter((c) => c !== category) : [...state.settings.disabledCategories, category] }),
      ),
    ),
  );

  const rulesOff = $('rules-off');
  rulesOff.replaceChildren();
  if (settings.disabledRules.length === 0) rulesOff.append(element('li', 'subtle', t('settingsNoRulesOff')));
  for (const rule of settings.disabledRules) {
    const item = element('li');
    const category = guidelines?.rules.find((r) => r.id === rule)?.category;
    const name = element('span', 'rule-name');
    name.append(element('code', '', rule));
    if (category) name.append(element('span', 'subtle', ` · ${categoryLabel(category)}`));
    item.append(name);
    if (!locked('disabledRules')) {
      const button = element('button', 'secondary', t('settingsTurnRuleOn'));
      button.type = 'button';
      button.dataset.rule = rule;
      button.addEventListener('click', () => change({ disabledRules: state.settings.disabledRules.filter((r) => r !== rule) }));
      item.append(button);
    }
    rulesOff.append(item);
  }

  const organisation = $('organisation');
  const notes = [];
  if (state.customPack) notes.push(t('settingsCustomPack'));
  if (state.confidentialTermCount) notes.push(t('settingsConfidentialTerms', [String(state.confidentialTermCount)]));
  if (state.forcedCategories.length) notes.push(t('settingsForcedCategories', [state.forcedCategories.map(categoryLabel).join(', ')]));
  organisation.replaceChildren(...notes.map((note) => element('p', '', note)));
  organisation.hidden = notes.length === 0;
}

function showErrors(extra) {
  const errors = $('errors');
  const messages = state.errors.map((error) => t(`error_${error.kind}`, [error.detail]));
  if (extra) messages.push(t('settingsSaveFailed', [extra]));
  errors.replaceChildren(...messages.map((message) => element('p', '', message)));
  errors.hidden = messages.length === 0;
}

async function change(changes) {
  try {
    // The worker has told the page by the time it answers, so the draft we ask for next is
    // checked with these settings.
    const reply = await askWorker(toWorker.set(changes));
    await show(reply.state);
    await refreshDraft();
  } catch (error) {
    showErrors(error.message);
  }
}

/** Renders everything for a (new) state from the service worker. */
async function show(newState) {
  const languageChanged = state?.language !== newState.language || state?.settings.role !== newState.settings.role;
  state = newState;
  t = I18n.translator(state.messages);
  if (languageChanged || !guidelines) guidelines = (await askWorker(toWorker.guidelines()).catch(() => null))?.guidelines ?? guidelines;
  translatePage();
  showErrors();
  showGuidelines();
  showSettings();
  showDraft();
  await showShortcut();
}

async function main() {
  setupTabs();
  tabId = await targetTab();
  const [reply, draft] = await Promise.all([askWorker(toWorker.state()), askTab(toTab.summary())]);
  summary = draft;
  if (!summary) composerSeen = await lookForComposer();
  await show(reply.state);
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  document.body.dataset.ready = 'error';
  document.body.append(element('p', 'notice', String(error?.message ?? error)));
});
