// @ts-check
// What the content script needs to know about a finding from the checker: whether it is about the
// whole post, the key that names it while the text moves, and the hash that "Ignore here" keeps.

/** @typedef {import('../guidepost.js').Finding} Finding */

/** Whether a finding is advice about the post as a whole (shown as a hint, never underlined). */
export function aboutPost(/** @type {Finding} */ finding) {
  return finding.scope === 'post';
}

/** One key per finding; advice about the post is given once per rule, so it keeps its key as the text moves. */
export function findingKey(/** @type {Finding} */ finding) {
  return aboutPost(finding) ? `${finding.rule}:post` : `${finding.rule}:${finding.start}:${finding.end}`;
}

/** A seed per page, so the ignore hashes mean nothing outside it. */
const IGNORE_SEED = crypto.getRandomValues(new Uint32Array(1))[0];

/**
 * A 53-bit hash (cyrb53) of the rule and the flagged text: what "Ignore here" remembers. Advice
 * about the whole post is ignored for the post, whatever words prompted it.
 */
export function ignoreKey(/** @type {Finding} */ finding) {
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
