// @ts-check
// The content script: glue. Find the compose box, send its text to the checker, draw what comes
// back; apply a fix through the editor when asked; hold a post that still has a `stop` finding and
// ask first. The checker (in the service worker) decides what is a problem; nothing here does.
// This entry follows the settings and answers the tab's side of the protocol; page.js watches the
// page while the site is on.
import * as I18n from '../i18n.js';
import { askWorker, extensionAlive, serve, toTab, toWorker } from '../protocol.js';
import { jump, nextFinding, summary } from './commands.js';
import { Page } from './page.js';
import { siteAdapter } from './sites.js';

/**
 * Dispatched on the document by every Guidepost that starts. Each world of the page hears it: an
 * instance whose extension was updated or reloaded away finds itself cut off and steps down. The
 * page can dispatch it too, which only makes a Guidepost ask itself whether it is still there.
 */
const STARTED = 'guidepost:started';

/**
 * Marks this JS world's own view of the document (neither the page nor another world sees it).
 * On an install or update the worker puts this script into the open tabs, where the manifest may
 * just have started it too: one Guidepost per world.
 */
const RUNNING = Symbol.for('guidepost.running');

/** Guidepost in this tab: follows the settings, and watches the page while this site is on. */
export class Guidepost {
  constructor(site) {
    this.site = site;
    this.state = null;
    this.t = (key) => key;
    /** @type {Page | null} */
    this.page = null;
    this.lifetime = new AbortController();
    document.addEventListener(STARTED, () => this.retireIfOrphaned(), { signal: this.lifetime.signal });
    document.dispatchEvent(new Event(STARTED));
    serve(toTab, {
      state: ({ state }) => {
        this.apply(state);
      },
      // Answered once every draft's findings are those of its current text.
      summary: () => this.summary(),
      jump: ({ key }) => ({ found: this.page ? jump(this.page, key) : false }),
      nextFinding: () => {
        if (this.page) nextFinding(this.page);
      },
    });
    this.started = this.start();
  }

  async start() {
    const reply = await askWorker(toWorker.state()).catch(() => null);
    if (reply?.state) this.apply(reply.state);
  }

  async summary() {
    await this.started;
    const off = { site: this.site.id, origin: location.origin, enabled: false, status: 'off', findings: [] };
    if (!this.page) return off;
    await Promise.all([...this.page.sessions.values()].map((session) => session.whenCurrent()));
    return this.page ? summary(this.page) : off;
  }

  /**
   * Whether this instance's extension is gone (updated, reloaded, disabled). Then it removes its
   * underlines, card, dialog and listeners, once, and does nothing more: the drafts are the new
   * instance's, or nobody's.
   */
  retireIfOrphaned() {
    if (extensionAlive()) return false;
    this.lifetime.abort();
    this.page?.stop();
    this.page = null;
    return true;
  }

  apply(state) {
    if (this.retireIfOrphaned()) return;
    const first = this.state === null;
    this.state = state;
    this.t = I18n.translator(state.messages);
    // The three sites follow their switches; a server runs while it is turned on (servers.js).
    const on = this.site.hosts.length ? state.settings.sites[this.site.id] !== false : state.servers.includes(location.origin);
    if (on && !this.page) this.page = new Page(this.site, this);
    else if (!on && this.page) {
      this.page.stop();
      this.page = null;
    } else if (this.page && !first) this.page.refresh();
  }
}

const site = siteAdapter();
if (site && !Object.hasOwn(document, RUNNING)) {
  Object.defineProperty(document, RUNNING, { value: true });
  new Guidepost(site);
}
