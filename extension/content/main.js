// @ts-check
// Glue: find the compose box, send its text to the checker, draw what comes back; apply a fix
// through the editor when asked; hold a post that still has a `stop` finding and ask first.
// The checker (in the service worker) decides what is a problem; nothing here does.
import * as I18n from '../i18n.js';
import { askWorker, serve, toTab, toWorker } from '../protocol.js';
import * as Settings from '../settings.js';
import { GuidepostUI } from './card.js';
import { postButtonDisabled, replaceInEditor, siteAdapter } from './sites.js';
import { TextMap } from './textmap.js';

/** One compose box being watched. */
class Session {
  constructor(box, site, controller) {
    this.box = box;
    this.site = site;
    this.controller = controller;
    this.map = null;
    this.findings = [];
    /** Hashes of (rule, flagged text) the person ignored in this draft; never the text itself. */
    this.ignored = new Set();
    this.sequence = 0;
    this.inFlight = false;
    this.dirty = false;
    this.settled = [];
    // Observing is not touching: the editor's DOM is only read, never written.
    this.observer = new MutationObserver(() => {
      mark('input');
      this.schedule();
    });
    this.observer.observe(box, { childList: true, subtree: true, characterData: true });
    this.schedule();
  }

  /** Checks the newest text; while a check is running, remembers to run once more after it. */
  schedule(force = false) {
    if (force) this.map = null;
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    this.run();
  }

  async run() {
    const map = new TextMap(this.box, this.site.block);
    if (this.map && map.text === this.map.text) {
      this.map = map;
      this.controller.redraw();
      mark('drawn', { length: map.text.length });
      this.settle();
      return;
    }
    const sequence = ++this.sequence;
    this.inFlight = true;
    let reply;
    try {
      mark('send', { length: map.text.length });
      reply = await askWorker(toWorker.check(map.text));
      mark('reply', { length: map.text.length, checkMs: reply?.checkMs });
    } catch (error) {
      reply = { error: String(error?.message ?? error) };
    }
    this.inFlight = false;
    if (sequence === this.sequence && this.box.isConnected && !this.stopped) {
      this.map = map;
      this.findings = reply?.findings ?? [];
      // A new draft (the old one was posted or cleared) starts with nothing ignored.
      if (map.text.trim() === '') this.ignored.clear();
      this.controller.status = reply?.error ? 'unavailable' : 'ready';
      this.controller.redraw();
      this.controller.ui.reportCheck(map.text.length, this.visible().length, this.controller.status);
      mark('drawn', { length: map.text.length });
    }
    if (this.dirty) {
      this.dirty = false;
      this.run();
    } else {
      this.settle();
    }
  }

  settle() {
    const waiting = this.settled;
    this.settled = [];
    for (const resolve of waiting) resolve();
  }

  /** The findings the person has not ignored. */
  visible() {
    return this.findings.filter((finding) => !this.ignored.has(ignoreKey(finding)));
  }

  /** Whether the findings are those of the text in the box right now. */
  isCurrent() {
    return !this.inFlight && this.map !== null && new TextMap(this.box, this.site.block).text === this.map.text;
  }

  /** Resolves once the findings are those of the text in the box (or the checker is unavailable). */
  async whenCurrent() {
    while (!this.stopped && !this.isCurrent() && this.controller.status !== 'unavailable') {
      const checked = new Promise((resolve) => this.settled.push(resolve));
      if (!this.inFlight) this.schedule(true);
      await checked;
    }
  }

  /** The finding under a text offset (the caret may sit right after it); never one about the whole post. */
  findingAt(offset) {
    return this.visible().find((f) => !aboutPost(f) && f.start <= offset && offset <= f.end);
  }

  /** The findings in the order the next-finding command visits them: the text's, then the post's. */
  ordered() {
    const visible = this.visible();
    return [...visible.filter((f) => !aboutPost(f)), ...visible.filter(aboutPost)];
  }

  /** The current range of a finding, or null if the text changed under it. */
  rangeOf(finding) {
    return this.map?.range(finding.start, finding.end) ?? null;
  }

  ignore(finding) {
    this.ignored.add(ignoreKey(finding));
    this.controller.ui.reportCheck(this.map?.text.length ?? 0, this.visible().length, this.controller.status);
  }

  stop() {
    this.stopped = true;
    this.observer.disconnect();
    this.findings = [];
    this.settle();
  }
}

/** Guidepost on one page of an enabled site: watches compose boxes, draws, fixes, holds posts. */
class Controller {
  constructor(site, app) {
    this.site = site;
    this.app = app;
    /** @type {Map<Element, Session>} */
    this.sessions = new Map();
    this.ui = null;
    this.status = 'starting';
    this.hoverFrame = 0;
    this.hideTimer = 0;
    /** The key of a card closed with Escape: not reopened until the caret leaves its text. */
    this.dismissed = null;
    /** True while our own re-dispatched click of Post runs (after "Post anyway"). */
    this.letThrough = false;
    this.holding = false;
    this.abort = new AbortController();
    const signal = this.abort.signal;

    document.addEventListener('focusin', (event) => this.adopt(event.target), { capture: true, signal });
    document.addEventListener('selectionchange', () => this.followCaret(), { signal });
    document.addEventListener('mousemove', (event) => this.onMouseMove(event), { passive: true, signal });
    window.addEventListener('scroll', () => this.ui?.place(), { capture: true, passive: true, signal });
    window.addEventListener('resize', () => this.ui?.place(), { passive: true, signal });
    document.addEventListener('keydown', (event) => this.onKeyDown(event), { capture: true, signal });
    // Before the site's own handlers (React's root, Quill's and Lexical's listeners) see a Post.
    window.addEventListener('click', (event) => this.onClick(event), { capture: true, signal });
    window.addEventListener('keydown', (event) => this.onPostKey(event), { capture: true, signal });
    // A press anywhere but the card and the compose boxes puts the card away.
    document.addEventListener('pointerdown', (event) => this.onPointerDown(event), { capture: true, signal });
    // Compose boxes appear without focus too (a draft restored by the site); look after changes.
    this.scanFrame = 0;
    this.scanner = new MutationObserver(() => {
      if (!this.scanFrame) this.scanFrame = requestAnimationFrame(() => this.scan());
    });
    this.scanner.observe(document.documentElement, { childList: true, subtree: true });
    this.scan();
  }

  get t() {
    return this.app.t;
  }

  /** Turns everything off: the site was switched off. */
  stop() {
    this.abort.abort();
    this.scanner.disconnect();
    cancelAnimationFrame(this.scanFrame);
    for (const session of this.sessions.values()) session.stop();
    this.sessions.clear();
    this.ui?.remove();
    this.ui = null;
  }

  /** New settings (a rule turned off, another language…): check every draft again. */
  refresh() {
    if (this.ui) {
      this.ui.t = this.t;
      this.ui.hide();
    }
    for (const session of this.sessions.values()) session.schedule(true);
  }

  scan() {
    this.scanFrame = 0;
    for (const box of document.querySelectorAll(this.site.composeBox)) this.adopt(box);
    for (const [box, session] of this.sessions) {
      if (!box.isConnected) {
        session.stop();
        this.sessions.delete(box);
        // Keep nothing of a compose box that is gone (tests/e2e/robustness.test.mjs counts).
        if (this.lastCaret?.session === session) this.lastCaret = null;
        this.redraw();
      }
    }
  }

  adopt(target) {
    const box = target instanceof Element ? target.closest(this.site.composeBox) : null;
    if (!box || this.sessions.has(box)) return;
    this.ui ??= new GuidepostUI(this.t);
    this.sessions.set(box, new Session(box, this.site, this));
  }

  redraw() {
    if (!this.ui) return;
    const marks = [];
    const groups = [];
    for (const session of this.sessions.values()) {
      const hints = [];
      for (const finding of session.visible()) {
        // Advice about the whole post is a hint beside the box: no word of the post is wrong.
        if (aboutPost(finding)) {
          hints.push({ key: findingKey(finding), finding });
          continue;
        }
        const range = session.rangeOf(finding);
        if (range) marks.push({ key: findingKey(finding), severity: finding.severity, range, session });
      }
      groups.push({
        box: session.box,
        hints,
        avoid: () => this.postButtonRects(session),
        onOpen: (finding, chip, { focus }) => this.toggleHint(session, finding, chip, focus),
      });
    }
    this.ui.underline(marks);
    this.ui.hints(groups);
    // A re-check creates new finding objects: keep the card open on the same finding, if it stayed.
    const shown = this.ui.shown;
    if (shown) {
      const key = findingKey(shown.finding);
      const anchor = aboutPost(shown.finding) ? this.ui.hintChip(shown.session.box, key) : marks.find((mark) => mark.key === key && mark.session === shown.session)?.range;
      if (anchor) {
        shown.range = anchor;
        this.ui.expandHint(anchor);
        this.ui.place();
      } else {
        this.closeCard({ refocus: this.ui.hasFocus() });
      }
    }
  }

  /** The Post button of a draft, as rectangles for the card and the hints to keep clear of. */
  postButtonRects(session) {
    const button = session.box.isConnected ? this.postButtonOf(session) : null;
    return button ? [button.getBoundingClientRect()] : [];
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
    const selection = document.getSelection();
    if (!selection?.isCollapsed || !selection.anchorNode) return;
    const session = [...this.sessions.values()].find((s) => s.box.contains(selection.anchorNode));
    if (!session) return;
    const map = new TextMap(session.box, session.site.block);
    const at = map.offsetOf(selection.anchorNode, selection.anchorOffset);
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
      const hit = caret && this.locate(caret.node, caret.offset);
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

  locate(node, offset) {
    for (const session of this.sessions.values()) {
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
    const state = this.app.state;
    const ruleLocked = Settings.isLocked(state, 'disabledRules') || state.forcedCategories.includes(finding.category);
    // The card keeps clear of this draft's Post button.
    this.ui.avoid = () => this.postButtonRects(session);
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
    const inside = selection?.anchorNode && session.box.contains(selection.anchorNode);
    session.box.focus({ preventScroll: true });
    if (!inside) this.caretAfter(session, Number.MAX_SAFE_INTEGER);
  }

  /** Focus the editor with the caret at a text offset. */
  caretAfter(session, offset) {
    session.box.focus({ preventScroll: true });
    const map = new TextMap(session.box, session.site.block);
    const at = map.position(Math.min(offset, map.text.length), true);
    if (at) document.getSelection().collapse(at.node, at.offset);
  }

  async applyFix(session, finding, fix) {
    this.ui.hide();
    this.dismissed = null;
    await replaceInEditor(this.site, session.box, finding.start, finding.end, finding.text, fix.replacement);
  }

  ignore(session, finding) {
    const refocus = this.ui.hasFocus();
    session.ignore(finding);
    this.ui.hide();
    this.redraw();
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
    const reply = await askWorker(toWorker.disableRule(finding.rule)).catch(() => null);
    if (reply?.state) this.app.apply(reply.state);
  }

  onPointerDown(event) {
    if (!this.ui?.shown || event.target === this.ui.host) return;
    if (event.target instanceof Element && event.target.closest(this.site.composeBox)) return;
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

  /** The session a Post button belongs to: the compose box that shares the nearest ancestor with it. */
  sessionNear(element) {
    let best = null;
    let bestDepth = -1;
    for (const session of this.sessions.values()) {
      let depth = 0;
      for (let node = session.box.parentElement; node; node = node.parentElement) depth++;
      let ancestor = session.box.parentElement;
      let up = 1;
      while (ancestor && !ancestor.contains(element)) {
        ancestor = ancestor.parentElement;
        up++;
      }
      if (ancestor && depth - up > bestDepth) {
        best = session;
        bestDepth = depth - up;
      }
    }
    return best;
  }

  /** The Post button of a compose box: the one sharing the nearest ancestor with it. */
  postButtonOf(session) {
    for (let node = session.box.parentElement; node; node = node.parentElement) {
      const button = node.querySelector(this.site.postButton);
      if (button) return button;
    }
    return null;
  }

  onClick(event) {
    if (this.letThrough || !(event.target instanceof Element)) return;
    const button = event.target.closest(this.site.postButton);
    if (!button || postButtonDisabled(button)) return;
    this.holdPost(event, this.sessionNear(button), button);
  }

  /** Ctrl/Cmd+Enter in a compose box, and Enter/Space on a Post button that is not a <button>. */
  onPostKey(event) {
    if (this.letThrough || !(event.target instanceof Element) || event.isComposing) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      const box = event.target.closest(this.site.composeBox);
      const session = box && this.sessions.get(box);
      if (session) this.holdPost(event, session, null);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      const button = event.target.closest(this.site.postButton);
      if (button && button.tagName !== 'BUTTON' && !postButtonDisabled(button)) this.holdPost(event, this.sessionNear(button), button);
    }
  }

  /**
   * The pre-post check. A post goes through untouched unless its draft has an open `stop` finding
   * (or has changed since the last check and might have one): then the gesture is held, and a
   * dialog asks. "Post anyway" clicks Post once more, letting that one click through.
   */
  async holdPost(event, session, button) {
    if (!session || !this.app.state.settings.prePostCheck || this.status === 'unavailable') return;
    const stops = () => session.visible().filter((finding) => finding.severity === 'stop');
    if (!this.holding && session.isCurrent() && stops().length === 0) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    // A second press while the dialog is up is held too: never two posts.
    if (this.holding) return;
    this.holding = true;
    try {
      await session.whenCurrent();
      const open = stops();
      const choice = open.length ? await this.ui.confirmPost(open) : 'post';
      if (choice === 'post') this.release(session, button, event);
      else this.edit(session, open[0]);
    } finally {
      this.holding = false;
    }
  }

  /**
   * Lets the held post through, once: clicks its Post button again with our own listener standing
   * aside. A Ctrl/Cmd+Enter with no Post button to click is sent again as the same key press.
   */
  release(session, button, gesture) {
    const target = button?.isConnected ? button : this.postButtonOf(session);
    this.letThrough = true;
    try {
      if (target && !postButtonDisabled(target)) {
        target.click();
      } else if (gesture?.type === 'keydown' && session.box.isConnected) {
        const { key, code, ctrlKey, metaKey, shiftKey, altKey } = gesture;
        session.box.focus({ preventScroll: true });
        // keyCode and which go in through the init dictionary, for editors that still read them.
        session.box.dispatchEvent(new KeyboardEvent('keydown', { key, code, ctrlKey, metaKey, shiftKey, altKey, keyCode: 13, which: 13, bubbles: true, cancelable: true, composed: true }));
      }
    } finally {
      this.letThrough = false;
    }
  }

  /** Back to the draft after "Edit": the caret at the first `stop` finding, its card open. */
  edit(session, finding) {
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
    const start = range.startContainer;
    (start.nodeType === Node.ELEMENT_NODE ? start : start.parentElement)?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    session.box.focus({ preventScroll: true });
    if (select) document.getSelection().setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    else this.caretAfter(session, finding.end);
    this.dismissed = findingKey(finding);
    this.open(session, finding, { via, focus });
  }

  /** The `next-finding` command: the next finding after the open card (or the caret), wrapping. */
  nextFinding() {
    const focused = [...this.sessions.values()].find((s) => s.box.contains(document.activeElement));
    const session = this.ui?.shown?.session ?? focused ?? [...this.sessions.values()].find((s) => s.visible().length);
    // The text's findings in order, then those about the whole post, then round again.
    const findings = session?.ordered() ?? [];
    if (!findings.length) {
      if (this.ui) this.ui.live.textContent = this.t('commandNoFindings');
      return;
    }
    let next;
    if (this.ui.shown?.session === session) {
      const at = findings.findIndex((f) => findingKey(f) === findingKey(this.ui.shown.finding));
      next = findings[(at + 1) % findings.length];
    } else {
      let from = -1;
      const selection = document.getSelection();
      if (selection?.anchorNode && session.box.contains(selection.anchorNode)) from = session.map.offsetOf(selection.anchorNode, selection.anchorOffset) - 1;
      next = findings.find((f) => aboutPost(f) || f.start > from) ?? findings[0];
    }
    this.reveal(session, next, { focus: true });
  }

  /** The popup asked to see a finding. */
  jump(key) {
    for (const session of this.sessions.values()) {
      const finding = session.visible().find((f) => findingKey(f) === key);
      if (finding) {
        this.reveal(session, finding, { select: true });
        return true;
      }
    }
    return false;
  }

  summary() {
    const findings = [...this.sessions.values()].flatMap((session) => session.visible());
    return {
      site: this.site.id,
      enabled: true,
      status: this.status,
      findings: findings.map((f) => ({
        key: findingKey(f),
        rule: f.rule,
        category: f.category,
        severity: f.severity,
        scope: aboutPost(f) ? 'post' : 'span',
        message: f.message,
        // What prompted advice about the whole post is not the point: the popup says "this post".
        excerpt: aboutPost(f) ? '' : f.text.length > 48 ? `${f.text.slice(0, 47)}…` : f.text,
        cues: Array.isArray(f.cues) ? f.cues : [],
      })),
    };
  }
}

/** Guidepost in this tab: follows the settings, and runs a Controller while this site is on. */
class Guidepost {
  constructor(site) {
    this.site = site;
    this.state = null;
    this.t = (key) => key;
    this.controller = null;
    serve(toTab, {
      state: ({ state }) => {
        this.apply(state);
      },
      // Answered once every draft's findings are those of its current text.
      summary: () => this.summary(),
      jump: ({ key }) => ({ found: this.controller?.jump(key) ?? false }),
      nextFinding: () => {
        this.controller?.nextFinding();
      },
    });
  }

  async start() {
    const reply = await askWorker(toWorker.state()).catch(() => null);
    if (reply?.state) this.apply(reply.state);
  }

  async summary() {
    await this.started;
    if (!this.controller) return { site: this.site.id, enabled: false, status: 'off', findings: [] };
    await Promise.all([...this.controller.sessions.values()].map((session) => session.whenCurrent()));
    return this.controller?.summary() ?? { site: this.site.id, enabled: false, status: 'off', findings: [] };
  }

  apply(state) {
    const first = this.state === null;
    this.state = state;
    this.t = I18n.translator(state.messages);
    const on = state.settings.sites[this.site.id] !== false;
    if (on && !this.controller) this.controller = new Controller(this.site, this);
    else if (!on && this.controller) {
      this.controller.stop();
      this.controller = null;
    } else if (this.controller && !first) this.controller.refresh();
  }
}

/**
 * Marks a step of a check on the page's performance timeline (input seen, text sent, reply,
 * underlines drawn): the latency probe (tests/e2e/latency.probe.mjs) reads them from the page. Only
 * the newest mark of each step is kept, so the timeline does not grow while someone types.
 */
function mark(step, detail) {
  performance.clearMarks(`guidepost:${step}`);
  performance.mark(`guidepost:${step}`, { detail });
}

/** Whether a finding is advice about the post as a whole (shown as a hint, never underlined). */
function aboutPost(finding) {
  return finding.scope === 'post';
}

/** One key per finding; advice about the post is given once per rule, so it keeps its key as the text moves. */
function findingKey(finding) {
  return aboutPost(finding) ? `${finding.rule}:post` : `${finding.rule}:${finding.start}:${finding.end}`;
}

/** A seed per page, so the ignore hashes mean nothing outside it. */
const IGNORE_SEED = crypto.getRandomValues(new Uint32Array(1))[0];

/**
 * A 53-bit hash (cyrb53) of the rule and the flagged text: what "Ignore here" remembers. Advice
 * about the whole post is ignored for the post, whatever words prompted it.
 */
function ignoreKey(finding) {
  const text = aboutPost(finding) ? `${finding.rule}\u0000\u0000post` : `${finding.rule}\u0000${finding.text}`;
  let h1 = 0xdeadbeef ^ IGNORE_SEED;
  let h2 = 0x41c6ce57 ^ IGNORE_SEED;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
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

const guidepostSite = siteAdapter();
if (guidepostSite) {
  const guidepost = new Guidepost(guidepostSite);
  guidepost.started = guidepost.start();
}
