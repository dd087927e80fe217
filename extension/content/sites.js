// @ts-check
// One adapter per site: how to find its compose box and Post button, what counts as a line in its
// editor, and how a fix goes in through that editor's own input path. Every selector and every
// editor quirk that depends on a site lives here and nowhere else.
import { TextMap } from './textmap.js';

/**
 * One site: where its compose boxes and Post buttons are, what a line is in its editor, how a fix
 * goes in through that editor, and which Post button belongs to which box.
 * @typedef {object} SiteAdapter
 * @property {string} id
 * @property {string[]} hosts
 * @property {string} editor
 * @property {string} composeBox
 * @property {string} block
 * @property {string} postButton
 * @property {{ awaitSelection: boolean, removeWithBackspace?: boolean, beforeInput?: boolean }} input
 * @property {(box: Element) => HTMLElement | null} postButtonFor
 * @property {(button: Element, boxes: Element[]) => Element | null} composeBoxFor
 * @property {(button: Element) => boolean} postButtonDisabled
 * @property {(box: HTMLElement, button: HTMLElement | null, gesture: Event) => void} resubmit
 */

/**
 * What the three sites do alike; an adapter that differs says so with its own method. `this` is
 * the adapter.
 */
const LIKE_MOST_SITES = {
  /**
   * The Post button of a compose box: the one in the nearest ancestor that has one.
   * @this {SiteAdapter}
   * @param {Element} box
   */
  postButtonFor(box) {
    for (let node = box.parentElement; node; node = node.parentElement) {
      const button = node.querySelector(this.postButton);
      if (button instanceof HTMLElement) return button;
    }
    return null;
  },

  /**
   * The compose box (of `boxes`) a Post button belongs to: the one sharing the nearest ancestor with it.
   * @param {Element} button
   * @param {Element[]} boxes
   */
  composeBoxFor(button, boxes) {
    let best = null;
    let bestDepth = -1;
    for (const box of boxes) {
      let depth = 0;
      for (let node = box.parentElement; node; node = node.parentElement) depth++;
      let ancestor = box.parentElement;
      let up = 1;
      while (ancestor && !ancestor.contains(button)) {
        ancestor = ancestor.parentElement;
        up++;
      }
      if (ancestor && depth - up > bestDepth) {
        best = box;
        bestDepth = depth - up;
      }
    }
    return best;
  },

  /**
   * Whether a Post button would do nothing now (the sites disable it while the draft is empty).
   * @param {Element} button
   */
  postButtonDisabled(button) {
    return button.matches(':disabled') || button.getAttribute('aria-disabled') === 'true';
  },

  /**
   * Sends a held post again: clicks its Post button (the one pressed, or the box's), or, for a
   * Ctrl/Cmd+Enter with no Post button to click, sends the same key press to the box again.
   * @this {SiteAdapter}
   * @param {HTMLElement} box
   * @param {HTMLElement | null} button
   * @param {Event} gesture
   */
  resubmit(box, button, gesture) {
    const target = button?.isConnected ? button : this.postButtonFor(box);
    if (target && !this.postButtonDisabled(target)) {
      target.click();
    } else if (gesture instanceof KeyboardEvent && gesture.type === 'keydown' && box.isConnected) {
      const { key, code, ctrlKey, metaKey, shiftKey, altKey } = gesture;
      box.focus({ preventScroll: true });
      // keyCode and which go in through the init dictionary, for editors that still read them.
      box.dispatchEvent(new KeyboardEvent('keydown', { key, code, ctrlKey, metaKey, shiftKey, altKey, keyCode: 13, which: 13, bubbles: true, cancelable: true, composed: true }));
    }
  },
};

/** @type {SiteAdapter[]} */
export const SITE_ADAPTERS = [
  {
    ...LIKE_MOST_SITES,
    id: 'x',
    hosts: ['x.com'],
    editor: 'Draft.js',
    // The contenteditable itself carries the test id; Draft renders it as .public-DraftEditor-content.
    composeBox: '.public-DraftEditor-content[data-testid^="tweetTextarea_"][role="textbox"], div[data-testid^="tweetTextarea_"][role="textbox"]',
    // Each Draft block is one line of the post.
    block: '[data-block="true"]',
    // The compose dialog's button and the home timeline's inline one.
    postButton: '[data-testid="tweetButton"], [data-testid="tweetButtonInline"]',
    input: {
      // Draft.js keeps its own copy of the selection and updates it from React's `select` event,
      // which follows the browser's (asynchronous) selectionchange. insertText before Draft has
      // seen the new selection goes in at Draft's stale caret: the right text, but the caret
      // jumps to where it was before. So wait for the selectionchange first.
      awaitSelection: true,
      // A removal through execCommand('delete') changes the DOM under Draft, which then reads it
      // back; when that empties a line, Draft re-renders the line and swallows the next key typed.
      // Draft's own path for a deletion is its Backspace key command (Draft reads `which`), which
      // removes the selection in Draft's state, with an undo step and the caret in place.
      removeWithBackspace: true,
    },
  },
  {
    ...LIKE_MOST_SITES,
    id: 'linkedin',
    hosts: ['www.linkedin.com'],
    editor: 'Quill',
    composeBox: '.ql-editor[contenteditable="true"]',
    block: 'p, li, h1, h2, h3, pre, blockquote',
    postButton: '.share-actions__primary-action',
    // Quill sees the browser's own edit through its MutationObserver and records it in its
    // history. Its history merges every change made within one second (its `delay`) into one
    // undo step, typing and fixes alike: a fix made right after typing is undone with that typing.
    input: { awaitSelection: false },
  },
  {
    ...LIKE_MOST_SITES,
    id: 'facebook',
    hosts: ['www.facebook.com'],
    editor: 'Lexical',
    composeBox: 'div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]',
    block: 'p, li, h1, h2, h3, pre, blockquote',
    postButton: '[aria-label="Post"][role="button"], button[aria-label="Post"]',
    // Lexical's own input path is `beforeinput`: it cancels the event and applies the change to
    // its state, with one history entry and the caret after it. document.execCommand fires no
    // beforeinput, only `input`, and Lexical then repairs the DOM from its state when a whole
    // text node was deleted, putting the removed text back. So a fix is handed to Lexical as the
    // beforeinput a person's edit would fire (execCommand only if Lexical did not take it).
    input: { awaitSelection: false, beforeInput: true },
  },
];

/** The adapter for this page, or undefined on a site we do not run on. */
export function siteAdapter(hostname = location.hostname) {
  return SITE_ADAPTERS.find((site) => site.hosts.includes(hostname));
}

/** Resolves at the next selectionchange, or soon anyway if the browser fires none. */
function nextSelectionChange() {
  return new Promise((resolve) => {
    const done = () => {
      document.removeEventListener('selectionchange', done);
      clearTimeout(timer);
      resolve();
    };
    document.addEventListener('selectionchange', done);
    const timer = setTimeout(done, 250);
  });
}

/**
 * Replaces `expected` at text offsets [start, end) of the compose box with `replacement`, through
 * the editor's own input path: select the range, then insertText (or delete for an empty
 * replacement), exactly what the browser does when a person selects and types. The editor updates
 * its own state, history and caret; we never write to its DOM. Returns false, changing nothing,
 * when the draft no longer holds `expected` there.
 */
export async function replaceInEditor(site, box, start, end, expected, replacement) {
  const select = () => {
    const map = new TextMap(box, site.block);
    if (map.text.slice(start, end) !== expected) return null;
    const range = map.range(start, end);
    if (!range) return null;
    const selection = document.getSelection();
    const same = selection.rangeCount === 1 && compareRanges(selection.getRangeAt(0), range);
    if (!same) selection.setBaseAndExtent(range.startContainer, range.startOffset, range.endContainer, range.endOffset);
    return { selection, changed: !same };
  };
  if (document.activeElement !== box) box.focus({ preventScroll: true });
  let selected = select();
  if (!selected) return false;
  if (site.input.awaitSelection && selected.changed) {
    await nextSelectionChange();
    // The editor may have re-rendered meanwhile: select again from fresh offsets.
    selected = select();
    if (!selected) return false;
  }
  // The browser's idea of the selected text must be the flagged text (line breaks aside).
  const flat = (text) => text.replace(/\s+/g, ' ');
  if (flat(selected.selection.toString()) !== flat(expected)) return false;
  if (replacement === '' && site.input.removeWithBackspace) {
    // keyCode and which go in through the init dictionary: the page's world would not see a
    // property defined on this world's wrapper of the event.
    const event = new KeyboardEvent('keydown', { key: 'Backspace', code: 'Backspace', keyCode: 8, which: 8, bubbles: true, cancelable: true, composed: true });
    if (!box.dispatchEvent(event)) return true;
  }
  if (site.input.beforeInput) {
    const range = selected.selection.getRangeAt(0);
    const event = new InputEvent('beforeinput', {
      inputType: replacement === '' ? 'deleteContentBackward' : 'insertText',
      data: replacement === '' ? null : replacement,
      targetRanges: [new StaticRange(range)],
      bubbles: true,
      cancelable: true,
      composed: true,
    });
    if (!box.dispatchEvent(event)) return true;
  }
  return replacement === '' ? document.execCommand('delete', false) : document.execCommand('insertText', false, replacement);
}

function compareRanges(a, b) {
  return a.startContainer === b.startContainer && a.startOffset === b.startOffset && a.endContainer === b.endContainer && a.endOffset === b.endOffset;
}
