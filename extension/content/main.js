// Glue: find the compose box, send its text to the checker, draw what comes back.
'use strict';

/** One compose box being watched. */
class Session {
  constructor(box, site, controller) {
    this.box = box;
    this.site = site;
    this.controller = controller;
    this.map = null;
    this.findings = [];
    this.sequence = 0;
    this.inFlight = false;
    this.dirty = false;
    // Observing is not touching: the editor's DOM is only read, never written.
    this.observer = new MutationObserver(() => this.schedule());
    this.observer.observe(box, { childList: true, subtree: true, characterData: true });
    this.schedule();
  }

  /** Checks the newest text; while a check is running, remembers to run once more after it. */
  schedule() {
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
      return;
    }
    const sequence = ++this.sequence;
    this.inFlight = true;
    let reply;
    try {
      reply = await chrome.runtime.sendMessage({ type: 'check', text: map.text });
    } catch (error) {
      reply = { error: String(error?.message ?? error) };
    }
    this.inFlight = false;
    if (sequence === this.sequence && this.box.isConnected) {
      this.map = map;
      this.findings = reply?.findings ?? [];
      this.controller.status = reply?.error ? 'unavailable' : 'ready';
      this.controller.redraw();
      this.controller.ui.reportCheck(map.text.length, this.findings.length, this.controller.status);
    }
    if (this.dirty) {
      this.dirty = false;
      this.run();
    }
  }

  /** The finding under a text offset (the caret may sit right after it). */
  findingAt(offset) {
    return this.findings.find((f) => f.start <= offset && offset <= f.end);
  }

  stop() {
    this.observer.disconnect();
    this.findings = [];
  }
}

class Controller {
  constructor(site) {
    this.site = site;
    /** @type {Map<Element, Session>} */
    this.sessions = new Map();
    this.ui = null;
    this.status = 'starting';
    this.hoverFrame = 0;
    this.hideTimer = 0;

    document.addEventListener('focusin', (event) => this.adopt(event.target), true);
    document.addEventListener('selectionchange', () => this.followCaret());
    document.addEventListener('mousemove', (event) => this.onMouseMove(event), { passive: true });
    window.addEventListener('scroll', () => this.ui?.place(), { capture: true, passive: true });
    window.addEventListener('resize', () => this.ui?.place(), { passive: true });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.ui?.shown) this.ui.hide();
    }, true);
    // Compose boxes appear without focus too (a draft restored by the site); look after changes.
    this.scanFrame = 0;
    new MutationObserver(() => {
      if (!this.scanFrame) this.scanFrame = requestAnimationFrame(() => this.scan());
    }).observe(document.documentElement, { childList: true, subtree: true });
    this.scan();
  }

  scan() {
    this.scanFrame = 0;
    for (const box of document.querySelectorAll(this.site.composeBox)) this.adopt(box);
    for (const [box, session] of this.sessions) {
      if (!box.isConnected) {
        session.stop();
        this.sessions.delete(box);
        this.redraw();
      }
    }
  }

  adopt(target) {
    const box = target instanceof Element ? target.closest(this.site.composeBox) : null;
    if (!box || this.sessions.has(box)) return;
    this.ui ??= new GuidepostUI();
    this.sessions.set(box, new Session(box, this.site, this));
  }

  redraw() {
    if (!this.ui) return;
    const marks = [];
    for (const session of this.sessions.values()) {
      for (const finding of session.findings) {
        const range = session.map?.range(finding.start, finding.end);
        if (range) marks.push({ key: findingKey(finding), severity: finding.severity, range });
      }
    }
    this.ui.underline(marks);
    // A re-check creates new finding objects: keep the card open on the same finding, if it stayed.
    const shown = this.ui.shown;
    if (shown) {
      const same = marks.find((mark) => mark.key === findingKey(shown.finding));
      if (same) shown.range = same.range;
      else this.ui.hide();
    }
  }

  /** Opens the card when the caret is inside a flagged span, so keyboard users get it too. */
  followCaret() {
    const selection = document.getSelection();
    if (!selection?.isCollapsed || !selection.anchorNode) return;
    const hit = this.locate(selection.anchorNode, selection.anchorOffset);
    if (hit) this.open(hit.session, hit.finding);
  }

  onMouseMove(event) {
    if (this.hoverFrame || !this.ui) return;
    const { clientX: x, clientY: y } = event;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      if (this.ui.containsPoint(x, y)) {
        clearTimeout(this.hideTimer);
        return;
      }
      const caret = caretAt(x, y);
      const hit = caret && this.locate(caret.node, caret.offset);
      if (hit && rangeContainsPoint(hit.session.map.range(hit.finding.start, hit.finding.end), x, y)) {
        clearTimeout(this.hideTimer);
        this.open(hit.session, hit.finding);
      } else if (this.ui.shown) {
        clearTimeout(this.hideTimer);
        this.hideTimer = setTimeout(() => this.ui.hide(), 400);
      }
    });
  }

  locate(node, offset) {
    for (const session of this.sessions.values()) {
      if (!session.map || !session.box.contains(node)) continue;
      const at = session.map.offsetOf(node, offset);
      const finding = at >= 0 ? session.findingAt(at) : undefined;
      if (finding) return { session, finding };
    }
    return null;
  }

  open(session, finding) {
    if (this.ui.shown && findingKey(this.ui.shown.finding) === findingKey(finding)) return;
    const range = session.map.range(finding.start, finding.end);
    if (range) this.ui.show(finding, range, (fix) => this.applyFix(session, finding, fix));
  }

  /** Changes the draft through the editor's own input path: select, then insertText. */
  applyFix(session, finding, fix) {
    const range = session.map.range(finding.start, finding.end);
    if (!range) return;
    session.box.focus();
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    if (fix.replacement === '') document.execCommand('delete', false);
    else document.execCommand('insertText', false, fix.replacement);
    this.ui.hide();
  }

  summary() {
    const findings = [...this.sessions.values()].flatMap((s) => s.findings);
    const count = (severity) => findings.filter((f) => f.severity === severity).length;
    return { site: this.site.id, status: this.status, stop: count('stop'), warn: count('warn'), tip: count('tip') };
  }
}

function findingKey(finding) {
  return `${finding.rule}:${finding.start}:${finding.end}`;
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
  const controller = new Controller(guidepostSite);
  chrome.runtime.onMessage.addListener((request, sender, sendResponse) => {
    if (sender.id === chrome.runtime.id && request?.type === 'summary') sendResponse(controller.summary());
  });
}
