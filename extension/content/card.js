// @ts-check
// What Guidepost draws on the page: underlines through the CSS Custom Highlight API (nothing is
// added to the editor's DOM, and the browser keeps them in place through scrolling and reflow),
// the hints for findings about the post as a whole (a small chip beside the compose box, never an
// underline), the card, and the pre-post dialog, in a shadow root in the top layer so host CSS and
// z-indexes cannot reach them. Every text from a finding is set with textContent.

/** @typedef {import('../guidepost.js').Finding} Finding */
/**
 * The hints of one compose box: its findings about the whole post, what to keep clear of, and what
 * a press on a chip does.
 * @typedef {object} HintGroup
 * @property {Element} box
 * @property {{ key: string, finding: Finding }[]} hints
 * @property {() => DOMRect[]} avoid
 * @property {(finding: Finding, chip: HTMLButtonElement, how: { focus: boolean }) => void} onOpen
 */
/** @typedef {HTMLDivElement & { group?: HintGroup }} HintRow a row of chips, with the group it shows */
const SEVERITIES = ['stop', 'warn', 'tip'];

/** Underline styles differ by more than colour: wavy for stop, solid for warn, dotted for tip. */
const HIGHLIGHT_CSS = `
::highlight(guidepost-stop) { text-decoration: underline wavy #c4171d; text-decoration-thickness: 2px; background-color: rgba(196, 23, 29, 0.10); }
::highlight(guidepost-warn) { text-decoration: underline solid #b35c00; text-decoration-thickness: 2px; }
::highlight(guidepost-tip) { text-decoration: underline dotted #1f5fbf; text-decoration-thickness: 2px; }
`;

// Colours are chosen for WCAG AA (4.5:1 for text) on their own backgrounds, light and dark;
// tests/e2e/a11y.test.mjs measures them.
const CARD_CSS = `
:host { all: initial; }
.card, .dialog {
  all: initial; box-sizing: border-box; display: block; pointer-events: auto;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1f;
  background: #ffffff; border: 1px solid #c9ccd3; border-radius: 8px; box-shadow: 0 6px 24px rgba(0, 0, 0, 0.18);
}
.card {
  position: fixed; width: max-content; max-width: min(360px, calc(100vw - 16px));
  border-left: 4px solid var(--accent); padding: 12px 14px;
}
.card[hidden], .backdrop[hidden] { display: none; }
.card:focus { outline: none; }
.card[data-severity="stop"], .dialog { --accent: #c4171d; }
.card[data-severity="warn"] { --accent: #9a4f00; }
.card[data-severity="tip"] { --accent: #1f5fbf; }
.head { display: flex; gap: 8px; align-items: baseline; margin-bottom: 4px; }
.badge { font-weight: 700; color: var(--accent); text-transform: uppercase; font-size: 12px; letter-spacing: 0.04em; }
.category { font-weight: 600; }
.message { margin: 0 0 8px; }
.cues { margin: -2px 0 8px; font-size: 13px; color: #44474f; }
.cues[hidden] { display: none; }
.cues-label { font-weight: 600; }
.cue { color: #1b1b1f; }
.hints { display: contents; }
.hint-row { position: fixed; display: flex; gap: 4px; pointer-events: auto; }
.hint-row[hidden] { display: none; }
.hint {
  all: initial; box-sizing: border-box; cursor: pointer; display: inline-flex; align-items: center; gap: 6px;
  font: 600 12px/1.2 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; white-space: nowrap;
  padding: 3px 9px 3px 7px; border-radius: 999px; color: #17408c; background: #ffffff;
  border: 1px solid #8fa6d6; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12);
}
.hint::before { content: ""; width: 7px; height: 7px; border-radius: 50%; background: var(--accent); flex: none; }
.hint[data-severity="tip"] { --accent: #1f5fbf; }
.hint[data-severity="warn"] { --accent: #9a4f00; }
.hint[data-severity="stop"] { --accent: #c4171d; }
.hint:hover, .hint[aria-expanded="true"] { background: #e8edf7; border-color: #17408c; }
.hint:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
.guideline { margin: 0; font-size: 13px; color: #44474f; }
a { color: #0b57d0; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; }
.actions:empty { display: none; }
button {
  all: initial; box-sizing: border-box; cursor: pointer; font: 13px/1.2 system-ui, sans-serif; border-radius: 6px;
  padding: 6px 10px; max-width: 100%; overflow: hidden; text-overflow: ellipsis; white-space: nowrap;
  color: #ffffff; background: #17408c; border: 1px solid #17408c;
}
button.secondary { color: #17408c; background: transparent; }
button.suggestion { text-align: start; white-space: normal; overflow-wrap: anywhere; }
button:hover { background: #0f2f6b; border-color: #0f2f6b; }
button.secondary:hover { background: #e8edf7; color: #0f2f6b; }
button:focus-visible, a:focus-visible { outline: 2px solid #0b57d0; outline-offset: 2px; }
.backdrop { position: fixed; inset: 0; pointer-events: auto; background: rgba(0, 0, 0, 0.32); display: grid; place-items: start center; padding: min(12vh, 80px) 0 16px; overflow: auto; }
.dialog { position: relative; width: min(420px, calc(100vw - 32px)); padding: 18px 20px; border-top: 4px solid var(--accent); }
.dialog h2 { all: initial; display: block; font: 600 17px/1.3 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: inherit; margin: 0 0 6px; }
.dialog p { margin: 0 0 8px; }
.dialog ul { margin: 0 0 4px; padding-left: 18px; }
.dialog li { margin: 4px 0; }
.dialog li strong { color: var(--accent); }
.dialog .actions { justify-content: flex-end; margin-top: 14px; }
.dialog button { font-size: 14px; padding: 8px 14px; }
.mirror {
  all: initial; position: fixed; box-sizing: content-box; overflow: hidden; white-space: pre-wrap;
  color: transparent; border-color: transparent; background: transparent; pointer-events: none; user-select: none;
}
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
@media (prefers-color-scheme: dark) {
  .card, .dialog { color: #e6e6ea; background: #1f2024; border-color: #45474f; }
  .card[data-severity="stop"], .dialog { --accent: #ff8a80; }
  .card[data-severity="warn"] { --accent: #ffb74d; }
  .card[data-severity="tip"] { --accent: #8ab4f8; }
  .guideline, .cues { color: #c3c6cf; }
  .cue { color: #e6e6ea; }
  a { color: #8ab4f8; }
  .hint { color: #aecbfa; background: #1f2024; border-color: #5c6f94; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.5); }
  .hint[data-severity="tip"] { --accent: #8ab4f8; }
  .hint[data-severity="warn"] { --accent: #ffb74d; }
  .hint[data-severity="stop"] { --accent: #ff8a80; }
  .hint:hover, .hint[aria-expanded="true"] { background: #2b3340; border-color: #8ab4f8; }
  .hint:focus-visible { outline-color: #8ab4f8; }
  button { background: #8ab4f8; border-color: #8ab4f8; color: #0b1b3a; }
  button.secondary { background: transparent; color: #8ab4f8; }
  button:hover { background: #aecbfa; border-color: #aecbfa; }
  button.secondary:hover { background: #2b3340; color: #aecbfa; }
  button:focus-visible, a:focus-visible { outline-color: #8ab4f8; }
}
@media (prefers-reduced-motion: no-preference) {
  .card:not([hidden]) { animation: guidepost-in 120ms ease-out; }
  .dialog { animation: guidepost-in 160ms ease-out; }
  @keyframes guidepost-in { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
}
`;

export class GuidepostUI {
  /** @param {import('../i18n.js').Translate} t the UI's translator */
  constructor(t) {
    this.t = t;
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

    this.card = element('div', 'card');
    this.card.hidden = true;
    this.card.tabIndex = -1;
    this.card.setAttribute('role', 'dialog');
    this.card.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        this.shown?.actions.onClose();
      }
    });
    // Screen readers hear a card that opens while the person types, without focus moving.
    this.live = element('div', 'visually-hidden');
    this.live.setAttribute('role', 'status');
    this.live.setAttribute('aria-live', 'polite');
    this.backdrop = element('div', 'backdrop');
    this.backdrop.hidden = true;
    // The hints come first, so that Shift+Tab from a card opened from one goes back to it.
    this.hintLayer = element('div', 'hints');
    this.hintLayer.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.shown) {
        event.preventDefault();
        event.stopPropagation();
        this.shown.actions.onClose();
      }
    });
    /** @type {Map<Element, HintRow>} one row of hints per compose box */
    this.hintRows = new Map();
    // Mirrors of textarea composers (textarea.js), under everything else Guidepost draws.
    this.mirrorLayer = element('div', 'mirrors');
    shadow.append(this.mirrorLayer, this.hintLayer, this.card, this.backdrop, this.live);
    document.documentElement.append(this.host);
    this.host.showPopover();

    this.highlightSheet = new CSSStyleSheet();
    this.highlightSheet.replaceSync(HIGHLIGHT_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.highlightSheet];
    // The mirrors' underlines are styled by the shadow root's own sheets.
    shadow.adoptedStyleSheets = [sheet, this.highlightSheet];
    this.highlights = Object.fromEntries(SEVERITIES.map((severity) => [severity, new Highlight()]));
    for (const severity of SEVERITIES) CSS.highlights.set(`guidepost-${severity}`, this.highlights[severity]);
    this.shown = null;
    this.dialogOpen = false;
  }

  /** Replaces all underlines with these ranges: [{severity, range}]. */
  underline(marks) {
    for (const highlight of Object.values(this.highlights)) highlight.clear();
    for (const { severity, range } of marks) this.highlights[severity]?.add(range);
  }

  /** "Stop · Identity code", the card's and the dialog's name for a finding. */
  findingTitle(finding) {
    return `${this.t(`severity_${finding.severity}`)} · ${this.t(`category_${finding.category.replaceAll('-', '_')}`)}`;
  }

  /**
   * Shows the card for a finding next to `anchor`: the range of its text, or the hint chip of a
   * finding about the whole post (anything with getClientRects()). `actions`: onFix(fix),
   * onIgnore(), onDisableRule() (absent when the rule cannot be turned off), onClose(). With
   * `focus`, focus moves into the card (keyboard use); otherwise it stays where it is and the card
   * is announced.
   */
  show(finding, anchor, actions, { focus = false } = {}) {
    const t = this.t;
    const card = this.card;
    card.replaceChildren();
    card.dataset.severity = finding.severity;
    card.dataset.rule = finding.rule;
    card.dataset.scope = finding.scope === 'post' ? 'post' : 'span';

    const head = element('div', 'head');
    head.id = 'guidepost-card-title';
    head.append(element('span', 'badge', t(`severity_${finding.severity}`)), element('span', 'category', t(`category_${finding.category.replaceAll('-', '_')}`)));
    const message = element('p', 'message', finding.message);
    message.id = 'guidepost-card-message';
    // Why it fired: for a learned finding the words that weighed most, for a rule that underlines
    // a whole sentence the words it flagged there; each as text. Other rules have none.
    const cues = (Array.isArray(finding.cues) ? finding.cues : []).filter((cue) => typeof cue === 'string' && cue.trim() !== '');
    const why = element('p', 'cues');
    why.id = 'guidepost-card-cues';
    why.hidden = cues.length === 0;
    if (cues.length) {
      why.append(element('span', 'cues-label', t('cardWhy')), document.createTextNode(' '));
      cues.forEach((cue, index) => {
        if (index) why.append(document.createTextNode(', '));
        why.append(element('span', 'cue', t('cardCue', [cue])));
      });
    }
    const guideline = element('p', 'guideline', `${t('cardGuideline')} `);
    const link = element('a', '', finding.guideline.title);
    if (/^https:\/\//.test(finding.guideline.url)) {
      link.href = finding.guideline.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
    }
    guideline.append(link);
    card.setAttribute('aria-labelledby', head.id);
    card.setAttribute('aria-describedby', cues.length ? `${message.id} ${why.id}` : message.id);

    const buttons = element('div', 'actions');
    // A fix that is safe in one click says what it does ("Use https://doi.org/…"); one that may
    // be wrong (sentence case for a name in capitals) is a suggestion that shows its whole result,
    // "Perhaps: …", for the person to read before choosing it. Both go in through the editor.
    for (const fix of finding.fixes.filter((fix) => fix.safe)) {
      const label = fix.kind === 'remove' ? t('fixRemove') : fix.kind === 'mask' ? t('fixMask', [fix.replacement]) : t('fixReplace', [fix.replacement]);
      buttons.append(this.button(label, 'fix', () => actions.onFix(fix), fix.kind));
    }
    for (const fix of finding.fixes.filter((fix) => !fix.safe)) {
      buttons.append(this.button(t('fixPerhaps', [fix.replacement]), 'secondary suggestion', () => actions.onFix(fix), 'suggestion'));
    }
    buttons.append(this.button(t('cardIgnore'), 'secondary', () => actions.onIgnore(), 'ignore'));
    if (actions.onDisableRule) buttons.append(this.button(t('cardDisableRule'), 'secondary', () => actions.onDisableRule(), 'disable-rule'));
    card.append(head, message, why, guideline, buttons);
    card.hidden = false;
    this.shown = { finding, range: anchor, actions };
    this.expandHint(anchor);
    this.place();
    this.live.textContent = [`${this.findingTitle(finding)}.`, finding.message, cues.length ? why.textContent : ''].filter(Boolean).join(' ');
    // Focus never starts on a suggestion, so Enter does not apply what the person has not read.
    if (focus) (/** @type {HTMLButtonElement | null} */ (buttons.querySelector('button:not(.suggestion)')) ?? card).focus();
  }

  /**
   * Shows the hints of findings about the whole post, one row per compose box, beside the box:
   * `groups` is [{ box, hints: [{ key, finding }], avoid() → rects to keep clear of (the Post
   * button), onOpen(finding, chip, { focus }) }]. Chips are kept from one check to the next by key,
   * so one with focus keeps it; the rows of boxes not in `groups` go.
   * @param {HintGroup[]} groups
   */
  hints(groups) {
    const t = this.t;
    const seen = new Set();
    for (const group of groups) {
      if (!group.hints.length) continue;
      seen.add(group.box);
      let row = this.hintRows.get(group.box);
      if (!row) {
        row = element('div', 'hint-row');
        row.setAttribute('role', 'group');
        this.hintRows.set(group.box, row);
        this.hintLayer.append(row);
      }
      row.setAttribute('aria-label', t('hintGroupLabel'));
      row.group = group;
      const keys = new Set(group.hints.map((hint) => hint.key));
      for (const chip of chipsOf(row)) if (!keys.has(chip.dataset.key)) chip.remove();
      for (const { key, finding } of group.hints) {
        let chip = chipsOf(row).find((c) => c.dataset.key === key);
        if (!chip) {
          chip = element('button', 'hint');
          chip.type = 'button';
          chip.dataset.key = key;
          chip.setAttribute('aria-haspopup', 'dialog');
          chip.setAttribute('aria-expanded', 'false');
          // A click keeps the caret in the editor; Enter or Space on a focused chip moves focus
          // into the card (a keyboard click has no pointer: detail 0).
          chip.addEventListener('mousedown', (event) => event.preventDefault());
          row.append(chip);
          this.live.textContent = `${t(`hintChip_${finding.severity}`)}: ${finding.message}`;
        }
        chip.dataset.rule = finding.rule;
        chip.dataset.severity = finding.severity;
        chip.textContent = t(`hintChip_${finding.severity}`);
        chip.title = finding.message;
        chip.onclick = (event) => group.onOpen(finding, chip, { focus: event.detail === 0 });
      }
    }
    for (const [box, row] of this.hintRows) {
      if (seen.has(box)) continue;
      row.remove();
      this.hintRows.delete(box);
    }
    this.placeHints();
  }

  /** The chip of a hint, or null. */
  hintChip(box, key) {
    const row = this.hintRows.get(box);
    return (row && chipsOf(row).find((chip) => chip.dataset.key === key)) ?? null;
  }

  expandHint(anchor) {
    for (const row of this.hintRows.values()) for (const chip of row.children) chip.setAttribute('aria-expanded', String(chip === anchor));
  }

  /**
   * Puts each row of hints beside its compose box: under it at the left, else to its right, else
   * above it, else in its bottom corner; the first place that is in the window and clear of what
   * `avoid()` names. A row that would cover the Post button wherever it went is not shown there:
   * a hint must never stand between a person and the button they reach for.
   */
  placeHints() {
    const margin = 8;
    for (const row of this.hintRows.values()) {
      const box = row.group.box.getBoundingClientRect();
      if (!row.group.box.isConnected || box.width === 0 || box.height === 0) {
        row.hidden = true;
        continue;
      }
      row.hidden = false;
      const width = row.offsetWidth;
      const height = row.offsetHeight;
      const avoid = (row.group.avoid?.() ?? []).filter((rect) => rect.width > 0 && rect.height > 0);
      const candidates = [
        { left: box.left, top: box.bottom + 6 },
        { left: box.right + margin, top: box.bottom - height },
        { left: box.left, top: box.top - height - 6 },
        { left: box.right - width - 4, top: box.bottom - height - 4 },
      ];
      const clear = ({ left, top }) => !avoid.some((rect) => left < rect.right && rect.left < left + width && top < rect.bottom && rect.top < top + height);
      const inWindow = ({ left, top }) => left >= margin && top >= margin && left + width <= window.innerWidth - margin && top + height <= window.innerHeight - margin;
      const chosen = candidates.find((c) => clear(c) && inWindow(c)) ?? candidates.find(clear);
      if (!chosen) {
        row.hidden = true;
        continue;
      }
      row.style.left = `${chosen.left}px`;
      row.style.top = `${chosen.top}px`;
    }
  }

  button(label, className, onClick, action) {
    const button = element('button', className, label);
    button.type = 'button';
    button.title = label;
    if (action) button.dataset.action = action;
    // Keep the editor's selection: a mousedown on the button would otherwise blur the editor.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', onClick);
    return button;
  }

  /**
   * Puts the card under the flagged text, or above it, wherever it fits in the window without
   * covering what `avoid()` names (the draft's Post button): a card must never stand between a
   * person and the button they reach for.
   */
  place() {
    this.placeHints();
    if (!this.shown) return;
    const rects = this.shown.range.getClientRects();
    const anchor = rects.length ? rects[rects.length - 1] : this.shown.range.getBoundingClientRect();
    const card = this.card;
    const width = card.offsetWidth;
    const height = card.offsetHeight;
    const margin = 8;
    const avoid = (this.avoid?.() ?? []).filter((rect) => rect.width > 0 && rect.height > 0);
    const clampLeft = (left) => Math.max(margin, Math.min(left, window.innerWidth - width - margin));
    const below = anchor.bottom + 6;
    const above = anchor.top - height - 6;
    const candidates = [
      { left: clampLeft(anchor.left), top: below },
      { left: clampLeft(anchor.left), top: above },
      ...avoid.flatMap((rect) => [
        { left: rect.left - width - margin, top: below },
        { left: rect.left - width - margin, top: above },
        { left: clampLeft(anchor.left), top: rect.bottom + 6 },
      ]),
    ];
    const fits = ({ left, top }) =>
      left >= margin && top >= margin && left + width <= window.innerWidth - margin && top + height <= window.innerHeight - margin &&
      !avoid.some((rect) => left < rect.right && rect.left < left + width && top < rect.bottom && rect.top < top + height);
    const chosen = candidates.find(fits) ?? { left: clampLeft(anchor.left), top: below + height > window.innerHeight - margin ? Math.max(margin, above) : below };
    card.style.left = `${chosen.left}px`;
    card.style.top = `${chosen.top}px`;
  }

  /** Whether keyboard focus is inside the card. */
  hasFocus() {
    return !this.card.hidden && this.card.contains(this.host.shadowRoot.activeElement);
  }

  /**
   * Asks before a post that still has `stop` findings goes out. Resolves to "edit" (the default,
   * focused; also Escape and a click outside) or "post", once.
   */
  confirmPost(findings) {
    const t = this.t;
    this.hide();
    return new Promise((resolve) => {
      const dialog = element('div', 'dialog');
      dialog.setAttribute('role', 'alertdialog');
      dialog.setAttribute('aria-modal', 'true');
      const title = element('h2', '', t('prePostTitle'));
      title.id = 'guidepost-dialog-title';
      const intro = element('p', '', t('prePostIntro'));
      intro.id = 'guidepost-dialog-intro';
      dialog.setAttribute('aria-labelledby', title.id);
      dialog.setAttribute('aria-describedby', intro.id);
      const list = element('ul');
      for (const finding of findings) {
        const item = element('li');
        item.append(element('strong', '', this.findingTitle(finding)), document.createTextNode(`: ${finding.message}`));
        list.append(item);
      }
      const buttons = element('div', 'actions');
      const postAnyway = this.button(t('prePostPostAnyway'), 'secondary', () => finish('post'), 'post-anyway');
      const edit = this.button(t('prePostEdit'), '', () => finish('edit'), 'edit');
      buttons.append(postAnyway, edit);
      dialog.append(title, intro, list, buttons);

      let done = false;
      const finish = (choice) => {
        if (done) return;
        done = true;
        this.backdrop.hidden = true;
        this.backdrop.replaceChildren();
        this.dialogOpen = false;
        resolve(choice);
      };
      dialog.addEventListener('keydown', (event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          finish('edit');
        } else if (event.key === 'Tab') {
          // Keep focus in the dialog: it is modal.
          event.preventDefault();
          (this.host.shadowRoot.activeElement === edit ? postAnyway : edit).focus();
        }
      });
      this.backdrop.onclick = (event) => {
        if (event.target === this.backdrop) finish('edit');
      };
      this.backdrop.replaceChildren(dialog);
      this.backdrop.hidden = false;
      this.dialogOpen = true;
      edit.focus();
    });
  }

  /**
   * Marks the last finished check on our own host element (never the editor), so tests and the
   * latency probe can wait for it: the length of the checked text, not the text, and a count of
   * reports (a re-check after a settings change may find a text of the same length).
   */
  reportCheck(textLength, findingCount, status) {
    this.checks = (this.checks ?? 0) + 1;
    this.host.dataset.checks = String(this.checks);
    this.host.dataset.checkedLength = String(textLength);
    this.host.dataset.findings = String(findingCount);
    this.host.dataset.status = status;
  }

  hide() {
    this.card.hidden = true;
    this.expandHint(null);
    // The buttons' handlers and `avoid` hold the finding's session, and with it a compose box that
    // may be gone: drop them with the card.
    this.card.replaceChildren();
    this.avoid = null;
    this.shown = null;
  }

  containsPoint(x, y) {
    const inside = (node) => {
      const box = node.getBoundingClientRect();
      return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
    };
    return (!this.card.hidden && inside(this.card)) || [...this.hintRows.values()].some((row) => !row.hidden && inside(row));
  }

  remove() {
    // The registry is the document's: after an update, the new instance's highlights are under the same names.
    for (const severity of SEVERITIES) if (CSS.highlights.get(`guidepost-${severity}`) === this.highlights[severity]) CSS.highlights.delete(`guidepost-${severity}`);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((sheet) => sheet !== this.highlightSheet);
    this.host.remove();
  }
}

/** The hint chips of a row (it holds nothing else). */
function chipsOf(/** @type {HintRow} */ row) {
  return /** @type {HTMLButtonElement[]} */ ([...row.children]);
}

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
