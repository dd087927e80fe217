// @ts-check
// What the keyboard and the popup ask of a page: the next finding (the `next-finding` command),
// a finding chosen in the popup, and the summary of the drafts that the popup lists.
import { aboutPost, findingKey } from './findings.js';

/** The `next-finding` command: the next finding after the open card (or the caret), wrapping. */
export function nextFinding(page) {
  const focused = [...page.sessions.values()].find((s) => s.box.contains(document.activeElement));
  const session = page.ui?.shown?.session ?? focused ?? [...page.sessions.values()].find((s) => s.visible().length);
  // The text's findings in order, then those about the whole post, then round again.
  const findings = session?.ordered() ?? [];
  if (!findings.length) {
    if (page.ui) page.ui.live.textContent = page.t('commandNoFindings');
    return;
  }
  let next;
  if (page.ui.shown?.session === session) {
    const at = findings.findIndex((f) => findingKey(f) === findingKey(page.ui.shown.finding));
    next = findings[(at + 1) % findings.length];
  } else {
    let from = -1;
    const selection = document.getSelection();
    if (session.box instanceof HTMLTextAreaElement) from = document.activeElement === session.box ? session.box.selectionStart - 1 : -1;
    else if (selection?.anchorNode && session.box.contains(selection.anchorNode)) from = session.map.offsetOf(selection.anchorNode, selection.anchorOffset) - 1;
    next = findings.find((f) => aboutPost(f) || f.start > from) ?? findings[0];
  }
  page.cards.reveal(session, next, { focus: true });
}

/** The popup asked to see a finding. */
export function jump(page, key) {
  for (const session of page.sessions.values()) {
    const finding = session.visible().find((f) => findingKey(f) === key);
    if (finding) {
      page.cards.reveal(session, finding, { select: true });
      return true;
    }
  }
  return false;
}

/** What the popup shows of this page's drafts. */
export function summary(page) {
  const findings = [...page.sessions.values()].flatMap((session) => session.visible());
  return {
    site: page.site.id,
    origin: location.origin,
    enabled: true,
    status: page.status,
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
