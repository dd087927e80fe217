// @ts-check
// The content script: glue. Find the compose box, send its text to the checker, draw what comes
// back; apply a fix through the editor when asked; hold a post that still has a `stop` finding and
// ask first. The checker (in the service worker) decides what is a problem; nothing here does.
// This entry follows the settings and answers the tab's side of the protocol; page.js watches the
// page while the site is on.
import * as I18n from '../i18n.js';
import { askWorker, serve, toTab, toWorker } from '../protocol.js';
import { jump, nextFinding, summary } from './commands.js';
import { Page } from './page.js';
import { siteAdapter } from './sites.js';

/** Guidepost in this tab: follows the settings, and watches the page while this site is on. */
export class Guidepost {
  constructor(site) {
    this.site = site;
    this.state = null;
    this.t = (key) => key;
    /** @type {Page | null} */
    this.page = null;
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
    const off = { site: this.site.id, enabled: false, status: 'off', findings: [] };
    if (!this.page) return off;
    await Promise.all([...this.page.sessions.values()].map((session) => session.whenCurrent()));
    return this.page ? summary(this.page) : off;
  }

  apply(state) {
    const first = this.state === null;
    this.state = state;
    this.t = I18n.translator(state.messages);
    const on = state.settings.sites[this.site.id] !== false;
    if (on && !this.page) this.page = new Page(this.site, this);
    else if (!on && this.page) {
      this.page.stop();
      this.page = null;
    } else if (this.page && !first) this.page.refresh();
  }
}

const site = siteAdapter();
if (site) new Guidepost(site);
