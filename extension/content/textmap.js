// @ts-check
// Reads an editor's text from its DOM, and maps offsets in that text back to DOM positions.
// Blocks (paragraphs) are joined with "\n"; a <br> inside a block is a line break unless it is the
// placeholder that editors put in empty blocks. Offsets are UTF-16 code units, like the checker's.
export class TextMap {
  /** @param {Element} root the contenteditable; @param {string} blockSelector what a line is */
  constructor(root, blockSelector) {
    this.root = root;
    /** @type {{node: Text, start: number, end: number}[]} text nodes with their offsets */
    this.segments = [];
    let text = '';
    let blocks = 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node instanceof Element) {
        // Every outermost block starts a line, empty ones too: a blank line between paragraphs
        // is "\n\n", as in the editor's own text, so paragraph breaks reach the checker.
        if (node.matches(blockSelector) && !root.contains(node.parentElement?.closest(blockSelector) ?? null)) {
          if (blocks > 0) text += '\n';
          blocks += 1;
        } else if (node.tagName === 'BR' && !isPlaceholderBreak(node)) {
          text += '\n';
        }
        continue;
      }
      if (!(node instanceof Text)) continue;
      const value = node.data;
      this.segments.push({ node, start: text.length, end: text.length + value.length });
      text += value;
    }
    this.text = text;
  }

  /**
   * The DOM position of a text offset, or null when the offset lies outside every text node or
   * its text node has changed since this map was made (the editor re-rendered under it).
   */
  position(offset, preferEnd) {
    const segments = this.segments;
    let low = 0;
    let high = segments.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const segment = segments[mid];
      if (offset < segment.start || (offset === segment.start && preferEnd && mid > 0 && segments[mid - 1].end === offset)) high = mid - 1;
      else if (offset > segment.end) low = mid + 1;
      else if (segment.node.length !== segment.end - segment.start) return null; // changed since
      else return { node: segment.node, offset: offset - segment.start };
    }
    // Between blocks: the start of the next text node.
    const next = segments[low];
    return next && next.node.length === next.end - next.start ? { node: next.node, offset: 0 } : null;
  }

  /** A live Range over [start, end), or null if the text changed under it. */
  range(start, end) {
    const from = this.position(start, false);
    const to = this.position(end, true);
    if (!from || !to || !this.root.contains(from.node) || !this.root.contains(to.node)) return null;
    const range = document.createRange();
    range.setStart(from.node, from.offset);
    range.setEnd(to.node, to.offset);
    return range;
  }

  /** The text offset of a DOM position inside the editor, or -1. */
  offsetOf(node, offset) {
    const segment = this.segments.find((s) => s.node === node);
    if (segment) return segment.start + Math.min(offset, segment.end - segment.start);
    return -1;
  }
}

/**
 * Editors keep a trailing <br> in a line that would otherwise collapse (an empty paragraph, or a
 * line ending in a soft break); that <br> is not a newline of its own.
 */
function isPlaceholderBreak(br) {
  return br.nextSibling === null;
}
