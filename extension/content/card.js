// What Guidepost draws on the page: underlines through the CSS Custom Highlight API (nothing is
// added to the editor's DOM, and the browser keeps them in place through scrolling and reflow),
// and the card, in a shadow root in the top layer so host CSS and z-indexes cannot reach it.
// Every text from a finding is set with textContent.
'use strict';

const SEVERITIES = ['stop', 'warn', 'tip'];

/** Underline styles differ by more than colour: wavy for stop, solid for warn, dotted for tip. */
const HIGHLIGHT_CSS = `
::highlight(guidepost-stop) { text-decoration: underline wavy #c4171d; text-decoration-thickness: 2px; background-color: rgba(196, 23, 29, 0.10); }
::highlight(guidepost-warn) { text-decoration: underline solid #b35c00; text-decoration-thickness: 2px; }
::highlight(guidepost-tip) { text-decoration: underline dotted #1f5fbf; text-decoration-thickness: 2px; }
`;

const CARD_CSS = `
:host { all: initial; }
.card {
  all: initial; box-sizing: border-box; position: fixed; pointer-events: auto; display: block;
  width: max-content; max-width: min(360px, calc(100vw - 16px));
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1f;
  background: #ffffff; border: 1px solid #c9ccd3; border-left: 4px solid var(--accent);
  border-radius: 8px; box-shadow: 0 6px 24px rgba(0, 0, 0, 0.18); padding: 12px 14px;
}
.card[hidden] { display: none; }
.card[data-severity="stop"] { --accent: #c4171d; }
.card[data-severity="warn"] { --accent: #b35c00; }
.card[data-severity="tip"] { --accent: #1f5fbf; }
.head { display: flex; gap: 8px; align-items: baseline; margin-bottom: 4px; }
.badge { font-weight: 700; color: var(--accent); text-transform: uppercase; font-size: 12px; letter-spacing: 0.04em; }
.category { font-weight: 600; }
.message { margin: 0 0 8px; }
.guideline { margin: 0; font-size: 13px; color: #44474f; }
.guideline a { color: #0b57d0; }
.fixes { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; }
.fixes:empty { display: none; }
button {
  all: initial; cursor: pointer; font: 13px/1.2 system-ui, sans-serif; color: #ffffff; background: #17408c;
  border-radius: 6px; padding: 6px 10px; max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
}
button:focus-visible, a:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  .card { color: #e6e6ea; background: #1f2024; border-color: #45474f; }
  .card[data-severity="stop"] { --accent: #ff8a80; }
  .card[data-severity="warn"] { --accent: #ffb74d; }
  .card[data-severity="tip"] { --accent: #8ab4f8; }
  .guideline { color: #c3c6cf; }
  .guideline a { color: #8ab4f8; }
  button { background: #8ab4f8; color: #0b1b3a; }
}
@media (prefers-reduced-motion: no-preference) { .card { transition: opacity 120ms ease-out; } }
`;

const t = (key, substitutions) => chrome.i18n.getMessage(key, substitutions) || key;

class GuidepostUI {
  constructor() {
    this.host = document.createElement('guidepost-ui');
    this.host.popover = 'manual';
    // Inline !important beats hostile author CSS such as `* { all: unset !important }` or
    // `display: none` on unknown elements; CSSOM writes are allowed under `style-src 'self'`.
    const hostStyle = {
      display: 'block', position: 'fixed', inset: 'auto', top: '0', left: '0', width: '0', height: '0',
      margin: '0', padding: '0', border: '0', background: 'transparent', overflow: 'visible',
      'pointer-events': 'none', 'z-index': '2147483647', visibility: 'visible', opacity: '1',
    };
    for (const [property, value] of Object.entries(hostStyle)) this.host.style.setProperty(property, value, 'important');
    const shadow = this.host.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CARD_CSS);
    shadow.adoptedStyleSheets = [sheet];
    this.card = document.createElement('div');
    this.card.className = 'card';
    this.card.hidden = true;
    this.card.setAttribute('role', 'dialog');
    this.card.setAttribute('aria-live', 'polite');
    shadow.append(this.card);
    document.documentElement.append(this.host);
    this.host.showPopover();

    this.highlightSheet = new CSSStyleSheet();
    this.highlightSheet.replaceSync(HIGHLIGHT_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.highlightSheet];
    this.highlights = Object.fromEntries(SEVERITIES.map((severity) => [severity, new Highlight()]));
    for (const severity of SEVERITIES) CSS.highlights.set(`guidepost-${severity}`, this.highlights[severity]);
    this.shown = null;
  }

  /** Replaces all underlines with these ranges: [{severity, range}]. */
  underline(marks) {
    for (const highlight of Object.values(this.highlights)) highlight.clear();
    for (const { severity, range } of marks) this.highlights[severity]?.add(range);
  }

  /** Shows the card for a finding next to its range; `onFix(fix)` applies a fix. */
  show(finding, range, onFix) {
    const card = this.card;
    card.replaceChildren();
    card.dataset.severity = finding.severity;
    card.setAttribute('aria-label', t(`severity_${finding.severity}`));

    const head = element('div', 'head');
    head.append(element('span', 'badge', t(`severity_${finding.severity}`)), element('span', 'category', t(`category_${finding.category.replaceAll('-', '_')}`)));
    const message = element('p', 'message', finding.message);
    const guideline = element('p', 'guideline', `${t('cardGuideline')} `);
    const link = element('a', '', finding.guideline.title);
    if (/^https:\/\//.test(finding.guideline.url)) {
      link.href = finding.guideline.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
    }
    guideline.append(link);
    const fixes = element('div', 'fixes');
    for (const fix of finding.fixes) {
      const label = fix.kind === 'remove' ? t('fixRemove') : fix.kind === 'mask' ? t('fixMask', [fix.replacement]) : t('fixReplace', [fix.replacement]);
      const button = element('button', '', label);
      button.type = 'button';
      button.title = label;
      // Keep the editor's selection: a mousedown on the button would otherwise blur the editor.
      button.addEventListener('mousedown', (event) => event.preventDefault());
      button.addEventListener('click', () => onFix(fix));
      fixes.append(button);
    }
    card.append(head, message, guideline, fixes);
    card.hidden = false;
    this.shown = { finding, range };
    this.place();
  }

  /** Puts the card under the flagged text, or above it when there is no room below. */
  place() {
    if (!this.shown) return;
    const rects = this.shown.range.getClientRects();
    const anchor = rects.length ? rects[rects.length - 1] : this.shown.range.getBoundingClientRect();
    const card = this.card;
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    const left = Math.max(8, Math.min(anchor.left, window.innerWidth - width - 8));
    const below = anchor.bottom + 6;
    const top = below + height > window.innerHeight - 8 ? Math.max(8, anchor.top - height - 6) : below;
    card.style.left = `${left}px`;
    card.style.top = `${top}px`;
  }

  /**
   * Marks the last finished check on our own host element (never the editor), so tests and the
   * latency probe can wait for it: the length of the checked text, not the text.
   */
  reportCheck(textLength, findingCount, status) {
    this.host.dataset.checkedLength = String(textLength);
    this.host.dataset.findings = String(findingCount);
    this.host.dataset.status = status;
  }

  hide() {
    this.card.hidden = true;
    this.shown = null;
  }

  containsPoint(x, y) {
    if (this.card.hidden) return false;
    const box = this.card.getBoundingClientRect();
    return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
  }

  remove() {
    for (const severity of SEVERITIES) CSS.highlights.delete(`guidepost-${severity}`);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== this.highlightSheet);
    this.host.remove();
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
