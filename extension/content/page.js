// @ts-check
// Guidepost on one page of an enabled site: watches its compose boxes (a Session each), draws their
// findings (underlines, and hints for advice about the whole post), and hands the page's events to
// the card controller and the pre-post guard.
import { CardController } from './card-controller.js';
import { GuidepostUI } from './card.js';
import { aboutPost, findingKey } from './findings.js';
import { PrePostGuard } from './prepost.js';
import { askWorker, toWorker } from '../protocol.js';
import { Session } from './session.js';

/**
 * What follows the settings (main.js): the worker's view of them, its translator, and applying a new one.
 * @typedef {object} App
 * @property {import('../protocol.js').View} state
 * @property {import('../i18n.js').Translate} t
 * @property {(state: import('../protocol.js').View) => void} apply
 * @property {() => boolean} retireIfOrphaned steps down (and says so) when the extension was updated or reloaded away
 */

export class Page {
  /**
   * @param {import('./sites.js').SiteAdapter} site
   * @param {App} app
   */
  constructor(site, app) {
    this.site = site;
    this.app = app;
    /** @type {Map<Element, Session>} */
    this.sessions = new Map();
    /** @type {GuidepostUI | null} */
    this.ui = null;
    this.status = 'starting';
    this.cards = new CardController(this);
    this.guard = new PrePostGuard(this, this.cards);
    this.abort = new AbortController();
    const signal = this.abort.signal;
    const { cards, guard } = this;
    // An instance cut off by an update or reload of the extension handles nothing: not a Post
    // (the new instance's guard is there), not the caret, not a key; it steps down instead.
    /** @type {<E extends Event>(handler: (event: E) => void) => (event: E) => void} */
    const live = (handler) => (event) => {
      if (!app.retireIfOrphaned()) handler(event);
    };

    document.addEventListener('focusin', live((event) => this.focused(event.target)), { capture: true, signal });
    // Capturing, for a textarea's caret too: its selectionchange is fired at the textarea.
    document.addEventListener('selectionchange', live(() => cards.followCaret()), { capture: true, signal });
    document.addEventListener('mousemove', live((event) => cards.onMouseMove(event)), { passive: true, signal });
    window.addEventListener('scroll', live(() => this.realign()), { capture: true, passive: true, signal });
    window.addEventListener('resize', live(() => this.realign()), { passive: true, signal });
    document.addEventListener('keydown', live((event) => cards.onKeyDown(event)), { capture: true, signal });
    // Before the site's own handlers (React's root, Quill's and Lexical's listeners) see a Post.
    window.addEventListener('click', live((event) => guard.onClick(event)), { capture: true, signal });
    window.addEventListener('keydown', live((event) => guard.onPostKey(event)), { capture: true, signal });
    // Composition (an IME, a dead key): no check and no card until the text is finished.
    document.addEventListener('compositionstart', live((event) => this.compose(event.target, true)), { capture: true, signal });
    document.addEventListener('compositionend', live((event) => this.compose(event.target, false)), { capture: true, signal });
    // A press anywhere but the card and the compose boxes puts the card away.
    document.addEventListener('pointerdown', live((event) => cards.onPointerDown(event)), { capture: true, signal });
    // Compose boxes appear without focus too (a draft restored by the site); look after changes.
    this.scanFrame = 0;
    this.scanner = new MutationObserver(() => {
      if (!this.scanFrame) this.scanFrame = requestAnimationFrame(() => this.scan());
    });
    // An image's alt text written in the site's own control changes the draft too.
    this.scanner.observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['alt'] });
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

  /** The page moved (scrolled, resized, zoomed): textareas' mirrors follow, and so do the card and hints. */
  realign() {
    for (const session of this.sessions.values()) session.mirror?.align();
    this.ui?.place();
  }

  scan() {
    this.scanFrame = 0;
    for (const box of document.querySelectorAll(this.site.composeBox)) this.adopt(box);
    for (const [box, session] of this.sessions) {
      // A textarea the site emptied or filled itself (after sending a post) fires no `input`.
      if (session.changedUnseen()) session.schedule();
      // A layout change above a textarea moves it without scrolling or resizing anything.
      session.mirror?.align();
      // A photo attached or described changes the draft though not its text: check it again.
      if (box.isConnected && session.draftKey !== undefined && JSON.stringify(this.site.draftOf(box)) !== session.draftKey) session.schedule();
      if (!box.isConnected) {
        session.stop();
        this.sessions.delete(box);
        this.cards.forget(session);
        this.redraw();
      }
    }
  }

  /**
   * Something got focus: a compose box is adopted, and the worker woken. Chrome stops an idle
   * extension worker after about 30 seconds; woken when the person clicks into the box, it has
   * built its checker by the first keystroke. (A box that appears is checked at once, which wakes
   * the worker too.)
   */
  focused(target) {
    this.adopt(target);
    if (target instanceof Element && target.closest(this.site.composeBox)) askWorker(toWorker.wake()).catch(() => {});
  }

  /**
   * A composition begins or ends in a compose box. At its start the card goes away: a fix must not
   * be offered on a text the IME still holds.
   * @param {EventTarget | null} target
   * @param {boolean} composing
   */
  compose(target, composing) {
    const box = target instanceof Element ? target.closest(this.site.composeBox) : null;
    const session = box && this.sessions.get(box);
    if (!session) return;
    if (composing && this.ui?.shown?.session === session) this.cards.closeCard();
    session.compose(composing);
  }

  adopt(target) {
    const box = target instanceof Element ? target.closest(this.site.composeBox) : null;
    if (!(box instanceof HTMLElement) || this.sessions.has(box)) return;
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
        onOpen: (finding, chip, { focus }) => this.cards.toggleHint(session, finding, chip, focus),
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
        this.cards.closeCard({ refocus: this.ui.hasFocus() });
      }
    }
  }

  /** The Post button of a draft, as rectangles for the card and the hints to keep clear of. */
  postButtonRects(session) {
    const button = session.box.isConnected ? this.site.postButtonFor(session.box) : null;
    return button ? [button.getBoundingClientRect()] : [];
  }
}
