// @ts-check
// A <textarea> composer (Mastodon's, and any site whose compose box is a plain text area). A
// textarea's text is not in the DOM, so it cannot carry CSS Custom Highlights: its text is copied
// into a mirror, a layer in Guidepost's own shadow root laid exactly over the textarea with the
// same text metrics, padding, border and scroll position, and transparent text. The underlines are
// highlights of the mirror's text, and the card is anchored to the mirror's ranges. The textarea's
// value, attributes and layout are never touched: a fix goes in through its own editing path
// (select, then execCommand), so the site sees `input` and Ctrl+Z undoes it.

/** The computed properties that decide where a textarea's text is laid out. */
const TEXT_METRICS = [
  'direction', 'font-family', 'font-size', 'font-style', 'font-variant', 'font-weight', 'font-stretch',
  'font-kerning', 'font-feature-settings', 'font-variation-settings', 'line-height', 'letter-spacing',
  'word-spacing', 'text-align', 'text-indent', 'text-transform', 'tab-size', 'word-break',
  'overflow-wrap', 'hyphens', 'padding-top', 'padding-right', 'padding-bottom', 'padding-left',
  'border-top-width', 'border-right-width', 'border-bottom-width', 'border-left-width',
  'border-top-style', 'border-right-style', 'border-bottom-style', 'border-left-style', 'writing-mode',
];

/** One textarea's mirror: the same text at the same place, transparent, never hit by the pointer. */
export class TextareaMirror {
  /**
   * @param {HTMLTextAreaElement} textarea
   * @param {HTMLElement} layer where the mirror lives (Guidepost's shadow root)
   */
  constructor(textarea, layer) {
    this.textarea = textarea;
    this.root = document.createElement('div');
    this.root.className = 'mirror';
    this.root.setAttribute('aria-hidden', 'true');
    this.text = document.createTextNode('');
    // A last line that ends in "\n" has a height of its own, as in the textarea.
    this.root.append(this.text, document.createElement('br'));
    layer.append(this.root);
    this.abort = new AbortController();
    const align = () => this.align();
    // Its own scrolling, a resize (the site's autosize, the person's drag handle, zoom) and a
    // web font that arrives all move the text.
    textarea.addEventListener('scroll', align, { passive: true, signal: this.abort.signal });
    document.fonts?.addEventListener('loadingdone', align, { signal: this.abort.signal });
    this.resizes = new ResizeObserver(align);
    this.resizes.observe(textarea);
    /** The textarea's ancestors that clip it (a scrolling column): the mirror, in the top layer, is clipped to them too. */
    this.clippers = clippingAncestors(textarea);
    this.align();
  }

  /** Copies the textarea's text, metrics, box and scroll position into the mirror. */
  align() {
    const { textarea, root } = this;
    if (this.text.data !== textarea.value) this.text.data = textarea.value;
    const style = getComputedStyle(textarea);
    for (const property of TEXT_METRICS) root.style.setProperty(property, style.getPropertyValue(property));
    const rect = textarea.getBoundingClientRect();
    // clientWidth and clientHeight leave out the textarea's scrollbar, which narrows its text too.
    const width = textarea.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const height = textarea.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    root.style.setProperty('left', `${rect.left}px`);
    root.style.setProperty('top', `${rect.top}px`);
    root.style.setProperty('width', `${Math.max(0, width)}px`);
    root.style.setProperty('height', `${Math.max(0, height)}px`);
    root.style.setProperty('display', textarea.isConnected && rect.width > 0 ? 'block' : 'none');
    root.scrollTop = textarea.scrollTop;
    root.scrollLeft = textarea.scrollLeft;
    // Where a scrolling ancestor hides part of the textarea, the mirror hides the same part.
    let visible = { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom };
    for (const clipper of this.clippers) {
      const box = clipper.getBoundingClientRect();
      const left = box.left + clipper.clientLeft;
      const top = box.top + clipper.clientTop;
      visible = {
        left: Math.max(visible.left, left),
        top: Math.max(visible.top, top),
        right: Math.min(visible.right, left + clipper.clientWidth),
        bottom: Math.min(visible.bottom, top + clipper.clientHeight),
      };
    }
    const own = root.getBoundingClientRect();
    const inset = [visible.top - own.top, own.right - visible.right, own.bottom - visible.bottom, visible.left - own.left].map((side) => `${Math.max(0, side)}px`);
    root.style.setProperty('clip-path', visible.right > visible.left && visible.bottom > visible.top ? `inset(${inset.join(' ')})` : 'inset(100%)');
  }

  /** The textarea's text, in the mirror (one text node, so offsets are the value's). */
  sync() {
    if (this.text.data !== this.textarea.value) this.align();
    return this.root;
  }

  remove() {
    this.abort.abort();
    this.resizes.disconnect();
    this.root.remove();
  }
}

/** The ancestors of an element whose overflow clips it, nearest first (up to the document's scroller, which the viewport is). */
function clippingAncestors(element) {
  const clippers = [];
  for (let node = element.parentElement; node && node !== document.documentElement && node !== document.body; node = node.parentElement) {
    const { overflowX, overflowY } = getComputedStyle(node);
    if (overflowX !== 'visible' || overflowY !== 'visible') clippers.push(node);
  }
  return clippers;
}

/** The caret's offset in a textarea with focus and nothing selected, else -1. */
export function textareaCaret(textarea) {
  if (document.activeElement !== textarea || textarea.selectionStart !== textarea.selectionEnd) return -1;
  return textarea.selectionStart;
}

/** Puts the caret at an offset of a textarea (or selects [start, end)), focusing it. */
export function selectInTextarea(textarea, start, end = start) {
  textarea.focus({ preventScroll: true });
  textarea.setSelectionRange(start, end);
}

/**
 * Replaces `expected` at [start, end) of a textarea's value with `replacement` through its own
 * editing path: select it, then insertText (or delete), as when a person selects and types. The
 * browser fires `input`, the site's handlers update its state, and the edit is one undo step.
 * Returns false, changing nothing, when the value no longer holds `expected` there.
 */
export function replaceInTextarea(textarea, start, end, expected, replacement) {
  if (textarea.value.slice(start, end) !== expected) return false;
  selectInTextarea(textarea, start, end);
  return replacement === '' ? document.execCommand('delete', false) : document.execCommand('insertText', false, replacement);
}
