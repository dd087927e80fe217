// @ts-check
// One compose box being watched: read its text, have it checked (one check in flight, one
// waiting, a sequence guard, no timers), and hand the findings to the page to draw.
import { askWorker, toWorker } from '../protocol.js';
import { aboutPost, ignoreKey } from './findings.js';
import { TextareaMirror } from './textarea.js';
import { TextMap } from './textmap.js';

/** One compose box being watched. */
export class Session {
  /**
   * @param {HTMLElement} box the compose box
   * @param {import('./sites.js').SiteAdapter} site
   * @param {import('./page.js').Page} page
   */
  constructor(box, site, page) {
    this.box = box;
    this.site = site;
    /** The page that draws this box's findings (page.js). */
    this.page = page;
    /** @type {TextMap | null} the text the findings are of */
    this.map = null;
    /** @type {string | undefined} the box's description of the draft (sites.js draftOf) the findings are of, as JSON */
    this.draftKey = undefined;
    /** @type {import('../guidepost.js').Finding[]} */
    this.findings = [];
    /** Hashes of (rule, flagged text) the person ignored in this draft; never the text itself. */
    this.ignored = new Set();
    this.sequence = 0;
    this.inFlight = false;
    this.dirty = false;
    /** @type {(() => void)[]} who waits for the next check to settle */
    this.settled = [];
    this.stopped = false;
    /**
     * True between compositionstart and compositionend (an IME, a dead key): the text in the box is
     * not what the person means yet, so it is neither checked nor are results drawn on it.
     */
    this.composing = false;
    const changed = () => {
      mark('input');
      this.schedule();
    };
    // Observing is not touching: the editor's DOM is only read, never written.
    this.observer = new MutationObserver(changed);
    this.observer.observe(box, { childList: true, subtree: true, characterData: true });
    /** @type {TextareaMirror | null} a textarea's text is in no DOM: its findings are drawn on a mirror */
    this.mirror = null;
    this.abort = new AbortController();
    if (box instanceof HTMLTextAreaElement) {
      this.mirror = new TextareaMirror(box, page.ui.mirrorLayer);
      box.addEventListener('input', changed, { signal: this.abort.signal });
    }
    this.schedule();
  }

  /** The text of the box as it is now, mapped to DOM positions (for a textarea, in its mirror). */
  textMap() {
    return new TextMap(this.mirror ? this.mirror.sync() : this.box, this.site.block);
  }

  /** Whether a textarea's value was set by the site itself (no `input`: a post sent, a draft restored) since the last check. */
  changedUnseen() {
    return this.mirror !== null && this.map !== null && !this.inFlight && this.box instanceof HTMLTextAreaElement && this.box.value !== this.map.text;
  }

  /** Checks the newest text; while a check is running, remembers to run once more after it. */
  schedule(force = false) {
    if (force) this.map = null;
    // compositionend schedules the check of the finished text.
    if (this.composing) return;
    if (this.inFlight) {
      this.dirty = true;
      return;
    }
    this.run();
  }

  async run() {
    let map = this.textMap();
    let draft = this.site.draftOf(this.box);
    let draftKey = JSON.stringify(draft);
    if (this.map && map.text === this.map.text && draftKey === this.draftKey) {
      this.map = map;
      this.page.redraw();
      mark('drawn', { length: map.text.length });
      this.settle();
      return;
    }
    const sequence = ++this.sequence;
    this.inFlight = true;
    let reply = await this.ask(map, draft);
    // The worker stopped by the browser mid-check, or a checker that trapped (the worker starts a
    // fresh one): ask once more, with the newest text. Only a second failure is "unavailable".
    if (reply.error && !this.page.app.retireIfOrphaned() && this.box.isConnected) {
      map = this.textMap();
      draft = this.site.draftOf(this.box);
      draftKey = JSON.stringify(draft);
      reply = await this.ask(map, draft);
    }
    if (reply.error && this.page.app.retireIfOrphaned()) return;
    this.inFlight = false;
    // A result that arrives mid-composition is of a text the person has not finished: dropped, and
    // the finished text is checked at compositionend.
    if (sequence === this.sequence && this.box.isConnected && !this.stopped && !this.composing) {
      this.map = map;
      this.draftKey = draftKey;
      this.findings = reply?.findings ?? [];
      // A new draft (the old one was posted or cleared) starts with nothing ignored.
      if (map.text.trim() === '') this.ignored.clear();
      this.page.status = reply?.error ? 'unavailable' : 'ready';
      this.page.redraw();
      this.page.ui.reportCheck(map.text.length, this.visible().length, this.page.status);
      mark('drawn', { length: map.text.length });
    }
    if (this.dirty) {
      this.dirty = false;
      this.schedule();
    } else {
      this.settle();
    }
  }

  /**
   * One check of the text by the worker: its reply, or `{ error }` when it cannot answer.
   * @param {TextMap} map
   * @param {object} draft
   * @returns {Promise<{ findings?: import('../guidepost.js').Finding[], error?: string }>}
   */
  async ask(map, draft) {
    try {
      mark('send', { length: map.text.length });
      const reply = await askWorker(toWorker.check(map.text, draft));
      mark('reply', { length: map.text.length, checkMs: reply?.checkMs });
      return reply ?? { error: 'no answer' };
    } catch (error) {
      return { error: String(error?.message ?? error) };
    }
  }

  /** Wakes whoever waits for the check to settle; a stopped session stays stopped. */
  settle() {
    const waiting = this.settled;
    this.settled = [];
    for (const resolve of waiting) resolve();
  }

  /** A composition begins (true) or ends (false) in the box; at its end the finished text is checked. */
  compose(composing) {
    this.composing = composing;
    if (!composing) this.schedule();
  }

  /** The findings the person has not ignored. */
  visible() {
    return this.findings.filter((finding) => !this.ignored.has(ignoreKey(finding)));
  }

  /** Whether the findings are those of the text in the box right now. */
  isCurrent() {
    return !this.inFlight && this.map !== null && this.textMap().text === this.map.text;
  }

  /** Resolves once the findings are those of the text in the box (or the checker is unavailable). */
  async whenCurrent() {
    while (!this.stopped && !this.isCurrent() && this.page.status !== 'unavailable') {
      const checked = new Promise((resolve) => this.settled.push(() => resolve(undefined)));
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
    this.page.ui.reportCheck(this.map?.text.length ?? 0, this.visible().length, this.page.status);
  }

  stop() {
    this.stopped = true;
    this.observer.disconnect();
    this.abort.abort();
    this.mirror?.remove();
    this.findings = [];
    this.settle();
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
