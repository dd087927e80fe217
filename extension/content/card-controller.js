// @ts-check
// The card controller: which finding's card is open, and why (the pointer, the caret, a hint chip,
// the keyboard); opening and closing it, and what its buttons do (fix, ignore here, turn the rule
// off), with focus going back where it belongs. GuidepostUI (card.js) draws; this decides.
import { askWorker, toWorker } from '../protocol.js';
import * as Settings from '../settings.js';
import { aboutPost, findingKey } from './findings.js';
import { replaceInEditor } from './sites.js';
import { selectInTextarea, textareaCaret } from './textarea.js';

export class CardController {
  /** @param {import('./page.js').Page} page the page whose compose boxes' cards this opens */
  constructor(page) {
    this.page = page;
    this.hoverFrame = 0;
    this.hideTimer = 0;
    /** The key of a card closed with Escape: not reopened until the caret leaves its text. */
    this.dismissed = null;
    /** Where the caret was last seen in the text: { session, where }. */
    this.lastCaret = null;
  }

  get ui() {
    return this.page.ui;
  }

  /** Keep nothing of a compose box that is gone (tests/e2e/robustness.test.mjs counts). */
  forget(session) {
    if (this.lastCaret?.session === session) this.lastCaret = null;
  }

  /** A hint chip was pressed: its card opens (with focus when pressed from the keyboard), or closes. */
  toggleHint(session, finding, chip, focus) {
    if (this.ui.shown && findingKey(this.ui.shown.finding) === findingKey(finding) && this.ui.shown.session === session) {
      this.closeCard({ refocus: this.ui.hasFocus() });
      return;
    }
    this.open(session, finding, { via: 'hint', focus, returnTo: chip });
  }

  /** Opens the card when the caret is inside a flagged span, so keyboard users get it too. */
  followCaret() {
    if (!this.ui) return;
    const caret = this.caret();
    if (!caret) return;
    const { session, map, at } = caret;
    // Editors re-render their text nodes and re-set an unchanged selection as they go: only a
    // caret that moved in the text counts, so a card the pointer opened is not replaced by the
    // card at an idle caret.
    const where = `${at}/${map.text.length}`;
    if (this.lastCaret?.session === session && this.lastCaret.where === where) return;
    this.lastCaret = { session, where };
    const finding = at >= 0 && session.map?.text === map.text ? session.findingAt(at) : undefined;
    const key = finding && findingKey(finding);
    if (this.dismissed && key !== this.dismissed) this.dismissed = null;
    // A card the pointer holds open stays until the pointer leaves it.
    if (finding && key !== this.dismissed && this.ui.shown?.via !== 'pointer') this.open(session, finding, { via: 'caret' });
    else if (!finding && ['caret', 'hint'].includes(this.ui.shown?.via) && !this.ui.hasFocus()) this.ui.hide();
  }

  /** Where the caret is in a draft: its session, the text now and the offset in it (-1 off the text). */
  caret() {
    const sessions = [...this.page.sessions.values()];
    // A textarea's caret is its own, not the document's selection.
    const textarea = sessions.find((s) => s.mirror && s.box === document.activeElement);
    if (textarea) {
      const at = textareaCaret(textarea.box);
      return at < 0 ? null : { session: textarea, map: textarea.textMap(), at };
    }
    const selection = document.getSelection();
    if (!selection?.isCollapsed || !selection.anchorNode) return null;
    const session = sessions.find((s) => s.box.contains(selection.anchorNode));
    if (!session) return null;
    const map = session.textMap();
    return { session, map, at: map.offsetOf(selection.anchorNode, selection.anchorOffset) };
  }

  onMouseMove(event) {
    if (this.hoverFrame || !this.ui) return;
    const { clientX: x, clientY: y } = event;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      if (!this.ui || this.ui.containsPoint(x, y)) {
        clearTimeout(this.hideTimer);
        return;
      }
      const caret = caretAt(x, y);
      const hit = this.locateOnMirror(x, y) ?? (caret && this.locate(caret.node, caret.offset));
      if (hit && rangeContainsPoint(hit.session.rangeOf(hit.finding), x, y)) {
        clearTimeout(this.hideTimer);
        this.open(hit.session, hit.finding, { via: 'pointer' });
      } else if (this.ui.shown?.via === 'pointer' && !this.ui.hasFocus()) {
        clearTimeout(this.hideTimer);
        this.hideTimer = setTimeout(() => {
          if (this.ui?.shown?.via === 'pointer' && !this.ui.hasFocus()) this.ui.hide();
        }, 400);
      }
    });
  }

  /** The finding of a textarea under a point: the pointer is over the textarea, its underlines on the mirror. */
  locateOnMirror(x, y) {
    for (const session of this.page.sessions.values()) {
      if (!session.mirror) continue;
      const finding = session.visible().find((f) => !aboutPost(f) && rangeContainsPoint(session.rangeOf(f), x, y));
      if (finding) return { session, finding, key: findingKey(finding) };
    }
    return null;
  }

  locate(node, offset) {
    for (const session of this.page.sessions.values()) {
      if (!session.map || !session.box.contains(node)) continue;
      const at = session.map.offsetOf(node, offset);
      const finding = at >= 0 ? session.findingAt(at) : undefined;
      if (finding) return { session, finding, key: findingKey(finding) };
    }
    return null;
  }

  /**
   * Opens a finding's card: at its text, or at its hint chip for a finding about the whole post.
   * `returnTo`: the chip that opened it, which gets focus back when the card closes.
   */
  open(session, finding, { via, focus = false, returnTo = null }) {
    const shown = this.ui.shown;
    if (shown && findingKey(shown.finding) === findingKey(finding) && shown.session === session && !focus) return;
    const anchor = aboutPost(finding) ? this.ui.hintChip(session.box, findingKey(finding)) : session.rangeOf(finding);
    if (!anchor) return;
    const state = this.page.app.state;
    const ruleLocked = Settings.isLocked(state, 'disabledRules') || state.forcedCategories.includes(finding.category);
    // The card keeps clear of this draft's Post button.
    this.ui.avoid = () => this.page.postButtonRects(session);
    this.ui.show(
      finding,
      anchor,
      {
        onFix: (fix) => this.applyFix(session, finding, fix),
        onIgnore: () => this.ignore(session, finding),
        onDisableRule: ruleLocked ? null : () => this.disableRule(session, finding),
        onClose: () => this.closeCard({ refocus: true, dismiss: true }),
      },
      { focus },
    );
    this.ui.shown.via = via;
    this.ui.shown.session = session;
    this.ui.shown.returnTo = returnTo;
  }

  /**
   * Hides the card; with `refocus`, focus goes back to the hint chip that opened it, or into the
   * editor: after the finding, or (for a finding about the whole post) where the caret was.
   */
  closeCard({ refocus = false, dismiss = false } = {}) {
    const shown = this.ui?.shown;
    if (!shown) return;
    this.ui.hide();
    if (dismiss) this.dismissed = findingKey(shown.finding);
    if (!refocus || !shown.session.box.isConnected) return;
    if (shown.returnTo?.isConnected) shown.returnTo.focus();
    else if (aboutPost(shown.finding)) this.focusEditor(shown.session);
    else this.caretAfter(shown.session, shown.finding.end);
  }

  /** Focus the editor, keeping its caret if it has one, else at the end of the text. */
  focusEditor(session) {
    const selection = document.getSelection();
    const inside = session.mirror ? document.activeElement === session.box : selection?.anchorNode && session.box.contains(selection.anchorNode);
    session.box.focus({ preventScroll: true });
    if (!inside) this.caretAfter(session, Number.MAX_SAFE_INTEGER);
  }

  /** Focus the editor with the caret at a text offset. */
  caretAfter(session, offset) {
    if (session.box instanceof HTMLTextAreaElement) {
      selectInTextarea(session.box, Math.min(offset, session.box.value.length));
      return;
    }
    session.box.focus({ preventScroll: true });
    const map = session.textMap();
    const at = map.position(Math.min(offset, map.text.length), true);
    if (at) document.getSelection().collapse(at.node, at.offset);
  }

  async applyFix(session, finding, fix) {
    this.ui.hide();
    this.dismissed = null;
    await replaceInEditor(this.page.site, session.box, finding.start, finding.end, finding.text, fix.replacement);
  }

  ignore(session, finding) {
    const refocus = this.ui.hasFocus();
    session.ignore(finding);
    this.ui.hide();
    this.page.redraw();
    if (refocus) this.refocusAfter(session, finding);
  }

  /** Focus back in the editor after a card's action: after the finding, or where the caret was. */
  refocusAfter(session, finding) {
    if (aboutPost(finding)) this.focusEditor(session);
    else this.caretAfter(session, finding.end);
  }

  async disableRule(session, finding) {
    const refocus = this.ui.hasFocus();
    this.ui.hide();
    if (refocus) this.refocusAfter(session, finding);
    // The worker tells every tab, this one too, and the draft is checked again then.
    await askWorker(toWorker.disableRule(finding.rule)).catch(() => null);
  }

  onPointerDown(event) {
    if (!this.ui?.shown || event.target === this.ui.host) return;
    if (event.target instanceof Element && event.target.closest(this.page.site.composeBox)) return;
    this.ui.hide();
  }

  onKeyDown(event) {
    if (event.key !== 'Escape' || !this.ui?.shown || this.ui.dialogOpen) return;
    if (event.target === this.ui.host) return; // the card's own handler does it
    // The card closes first; the site's own Escape (closing its compose dialog) waits for the next press.
    event.preventDefault();
    event.stopImmediatePropagation();
    this.closeCard({ dismiss: true });
  }

  /** Back to the draft after "Edit" in the pre-post dialog: the caret at the first `stop` finding, its card open. */
  backToDraft(session, finding) {
    if (!session.box.isConnected) return;
    this.dismissed = null;
    this.reveal(session, finding, { focus: false, via: 'caret' });
  }

  /**
   * Scrolls a finding into view, puts the caret at its end (or selects it) and opens its card; a
   * finding about the whole post opens at its hint, with the caret left where it is.
   */
  reveal(session, finding, { focus = false, select = false, via = 'keyboard' } = {}) {
    if (aboutPost(finding)) {
      session.box.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      if (!focus) this.focusEditor(session);
      this.ui.place();
      this.dismissed = findingKey(finding);
      this.open(session, finding, { via: via === 'caret' ? 'hint' : via, focus });
      return;
    }
    const range = session.rangeOf(finding);
    if (!range) return;
    if (session.box instanceof HTMLTextAreaElement) {
      // The textarea scrolls its own text to the selection; the mirror follows its scroll event.
      session.box.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      selectInTextarea(session.box, select ? finding.start : finding.end, finding.end);
      this.dismissed = findingKey(finding);
      this.open(session, finding, { via, focus });
      return;
    }
    const start = range.startContainer;
    (start.nodeType === Node.ELEMENT_NODE ? start : start.parentElement)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    session.box.focus({ preventScroll: true });
    if (select) document.getSelection().setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    else this.caretAfter(session, finding.end);
    this.dismissed = findingKey(finding);
    this.open(session, finding, { via, focus });
  }
}

function caretAt(x, y) {
  if (document.caretPositionFromPoint) {
    const position = document.caretPositionFromPoint(x, y);
    return position && { node: position.offsetNode, offset: position.offset };
  }
  const range = document.caretRangeFromPoint?.(x, y);
  return range && { node: range.startContainer, offset: range.startOffset };
}

function rangeContainsPoint(range, x, y) {
  if (!range) return false;
  for (const rect of range.getClientRects()) {
    if (x >= rect.left && x <= rect.right && y >= rect.top - 2 && y <= rect.bottom + 4) return true;
  }
  return false;
}
