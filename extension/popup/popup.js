// The toolbar popup: this tab's draft in numbers, and the guidelines in short.
'use strict';

const t = (key) => chrome.i18n.getMessage(key) || key;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function translatePage() {
  document.documentElement.lang = chrome.i18n.getUILanguage();
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
}

/** Asks the content script of the active tab how its draft is doing; null where none runs. */
async function draftSummary() {
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  if (!tab?.id) return null;
  try {
    return await chrome.tabs.sendMessage(tab.id, { type: 'summary' });
  } catch {
    return null;
  }
}

function showDraft(summary) {
  const draft = document.getElementById('draft');
  draft.replaceChildren();
  if (!summary) {
    draft.append(element('p', '', t('popupNoDraft')));
  } else if (summary.status === 'unavailable') {
    draft.append(element('p', 'notice', t('popupUnavailable')));
  } else if (summary.stop + summary.warn + summary.tip === 0) {
    draft.append(element('p', '', t('popupClean')));
  } else {
    const counts = element('div', 'counts');
    for (const [severity, label] of [['stop', 'popupCountStop'], ['warn', 'popupCountWarn'], ['tip', 'popupCountTip']]) {
      const box = element('div', 'count');
      box.dataset.severity = severity;
      box.append(element('strong', '', String(summary[severity])), element('span', '', t(label)));
      counts.append(box);
    }
    draft.append(counts);
  }
}

async function showGuidelines() {
  const reply = await chrome.runtime.sendMessage({ type: 'guidelines' }).catch(() => null);
  const guidelines = reply?.guidelines;
  if (!guidelines) return;
  document.getElementById('pack-name').textContent = guidelines.name;
  const link = document.getElementById('full-guidelines');
  if (/^https:\/\//.test(guidelines.url)) link.href = guidelines.url;
  const list = document.getElementById('sections');
  list.replaceChildren(
    ...guidelines.sections.map((section) => {
      const item = element('li');
      item.append(element('strong', '', section.title), element('p', '', section.summary));
      return item;
    }),
  );
}

translatePage();
draftSummary().then(showDraft);
showGuidelines();
