// @ts-check
// The pre-post guard. A post goes through untouched unless its draft has an open `stop` finding
// (or has changed since the last check and might have one): then the gesture is held, and a dialog
// asks. "Post anyway" lets that one post through; "Edit" goes back to the draft. Which Post button
// belongs to which compose box, and how a held post is sent again, is the site adapter's to say.

/**
 * How long a held post waits for the checker to answer. A worker that hangs (a checker in an
 * endless loop) is stopped by the browser only after minutes; the post must not wait for that.
 * A cold start with the checker's compilation, or a check of a megabyte, takes well under this.
 */
const CHECKER_PATIENCE_MS = 10_000;

export class PrePostGuard {
  /**
   * @param {import('./page.js').Page} page the page whose posts this guards
   * @param {import('./card-controller.js').CardController} cards where "Edit" opens the finding
   */
  constructor(page, cards) {
    this.page = page;
    this.cards = cards;
    /** True while our own re-sent post runs (after "Post anyway"). */
    this.letThrough = false;
    this.holding = false;
  }

  /**
   * The sessions a send control sends: every box it is the send control of (all posts of an X thread).
   * @param {Element} button
   */
  sessionsOf(button) {
    const boxes = this.page.site.composeBoxesFor(button, [...this.page.sessions.keys()]);
    return boxes.map((box) => this.page.sessions.get(box)).filter((session) => session !== undefined);
  }

  onClick(event) {
    if (this.letThrough || !(event.target instanceof Element)) return;
    const site = this.page.site;
    const button = site.sendControlAt(event.target);
    if (!button || site.postButtonDisabled(button)) return;
    this.hold(event, this.sessionsOf(button), button);
  }

  /**
   * Ctrl/Cmd+Enter in a compose box (it sends every box its send control sends), a plain Enter in
   * a box where Enter sends (Facebook comments; Shift+Enter adds a line), and Enter/Space on a
   * send control that is not a <button>.
   */
  onPostKey(event) {
    if (this.letThrough || !(event.target instanceof Element) || event.isComposing || (event.key !== 'Enter' && event.key !== ' ')) return;
    const site = this.page.site;
    const box = event.target.closest(site.composeBox);
    const session = box && this.page.sessions.get(box);
    if (session && event.key === 'Enter') {
      if (event.ctrlKey || event.metaKey) {
        const button = site.postButtonFor(session.box);
        this.hold(event, button ? this.sessionsOf(button) : [session], null);
      } else if (!event.shiftKey && !event.altKey && site.enterSends(session.box)) {
        this.hold(event, [session], null);
      }
      return;
    }
    const button = site.sendControlAt(event.target);
    if (button && button.tagName !== 'BUTTON' && !site.postButtonDisabled(button)) this.hold(event, this.sessionsOf(button), button);
  }

  /**
   * Holds the gesture while any of the drafts it sends might have a `stop` finding, and asks.
   * @param {Event} event
   * @param {import('./session.js').Session[]} sessions
   * @param {HTMLElement | null} button
   */
  async hold(event, sessions, button) {
    const page = this.page;
    if (!sessions.length || !page.app.state.settings.prePostCheck || page.status === 'unavailable') return;
    const stops = (/** @type {import('./session.js').Session} */ session) => session.visible().filter((finding) => finding.severity === 'stop');
    if (!this.holding && sessions.every((session) => session.isCurrent() && stops(session).length === 0)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    // A second press while the dialog is up is held too: never two posts.
    if (this.holding) return;
    this.holding = true;
    try {
      const answered = await Promise.race([
        Promise.all(sessions.map((session) => session.whenCurrent())).then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), CHECKER_PATIENCE_MS)),
      ]);
      // A checker that cannot answer never holds a post: it goes as it would without Guidepost.
      if (!answered) {
        this.release(sessions[0], button, event);
        return;
      }
      const open = sessions.flatMap(stops);
      const choice = open.length ? await page.ui.confirmPost(open) : 'post';
      const first = sessions.find((session) => stops(session).length) ?? sessions[0];
      if (choice === 'post') this.release(first, button, event);
      else this.cards.backToDraft(first, stops(first)[0]);
    } finally {
      this.holding = false;
    }
  }

  /** Lets the held post through, once, with our own listeners standing aside. */
  release(session, button, gesture) {
    this.letThrough = true;
    try {
      this.page.site.resubmit(session.box, button, gesture);
    } finally {
      this.letThrough = false;
    }
  }
}
