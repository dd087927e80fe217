// @ts-check
// The pre-post guard. A post goes through untouched unless its draft has an open `stop` finding
// (or has changed since the last check and might have one): then the gesture is held, and a dialog
// asks. "Post anyway" lets that one post through; "Edit" goes back to the draft. Which Post button
// belongs to which compose box, and how a held post is sent again, is the site adapter's to say.

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

  /** The session of the compose box a Post button belongs to. */
  sessionOf(button) {
    const box = this.page.site.composeBoxFor(button, [...this.page.sessions.keys()]);
    return box ? this.page.sessions.get(box) ?? null : null;
  }

  onClick(event) {
    if (this.letThrough || !(event.target instanceof Element)) return;
    const site = this.page.site;
    const button = event.target.closest(site.postButton);
    if (!button || site.postButtonDisabled(button)) return;
    this.hold(event, this.sessionOf(button), button);
  }

  /** Ctrl/Cmd+Enter in a compose box, and Enter/Space on a Post button that is not a <button>. */
  onPostKey(event) {
    if (this.letThrough || !(event.target instanceof Element) || event.isComposing) return;
    const site = this.page.site;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      const box = event.target.closest(site.composeBox);
      const session = box && this.page.sessions.get(box);
      if (session) this.hold(event, session, null);
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      const button = event.target.closest(site.postButton);
      if (button && button.tagName !== 'BUTTON' && !site.postButtonDisabled(button)) this.hold(event, this.sessionOf(button), button);
    }
  }

  /** Holds the gesture while the draft might have a `stop` finding, and asks. */
  async hold(event, session, button) {
    const page = this.page;
    if (!session || !page.app.state.settings.prePostCheck || page.status === 'unavailable') return;
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
      const choice = open.length ? await page.ui.confirmPost(open) : 'post';
      if (choice === 'post') this.release(session, button, event);
      else this.cards.backToDraft(session, open[0]);
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
