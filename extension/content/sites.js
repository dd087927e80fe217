// @ts-check
// One adapter per site: how to find its compose box and Post button, what counts as a line in its
// editor, and how a fix goes in through that editor's own input path. Every selector and every
// editor quirk that depends on a site lives here and nowhere else.
import { SERVER_COMPOSER } from '../servers.js';
import { replaceInTextarea } from './textarea.js';
import { TextMap } from './textmap.js';

/**
 * One site: where its compose boxes and Post buttons are, what a line is in its editor, how a fix
 * goes in through that editor, and which Post button belongs to which box.
 * @typedef {object} SiteAdapter
 * @property {string} id
 * @property {string[]} hosts  the host names it runs on; none for the servers turned on one by one (servers.js)
 * @property {string} editor
 * @property {string} composeBox
 * @property {string} block
 * @property {string} postButton
 * @property {{ awaitSelection: boolean, removeWithBackspace?: boolean, beforeInput?: boolean }} input
 * @property {string | null} attachment  the images and videos of a composer's attachment preview (null: not read on this site)
 * @property {boolean} offersAltText  whether the site lets the writer give an image alt text
 * @property {(box: Element) => HTMLElement | null} postButtonFor
 * @property {(target: Element) => HTMLElement | null} sendControlAt
 * @property {(button: Element, boxes: Element[]) => Element[]} composeBoxesFor
 * @property {(box: Element) => boolean} enterSends
 * @property {(box: Element) => 'post' | 'reply' | 'comment'} contextOf
 * @property {(box: Element) => string | null} repliedToOf
 * @property {(box: Element) => { context: 'post' | 'reply' | 'comment', attachments: number, missingAlt: number, repliedTo?: string }} draftOf
 * @property {(button: Element) => boolean} postButtonDisabled
 * @property {(box: HTMLElement, button: HTMLElement | null, gesture: Event) => void} resubmit
 */

/**
 * What the three sites do alike; an adapter that differs says so with its own method. `this` is
 * the adapter. Nothing here reads a control's text or label: the sites change those with the
 * interface language, so controls are found by structure and by attributes that do not.
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
   * The send control (Post, Reply, Comment…) that an event's target is, or is inside.
   * @this {SiteAdapter}
   * @param {Element} target
   */
  sendControlAt(target) {
    const button = target.closest(this.postButton);
    return button instanceof HTMLElement ? button : null;
  },

  /**
   * The compose boxes (of `boxes`) a send control sends: those it is the send control of (every
   * post of an X thread shares the dialog's).
   * @this {SiteAdapter}
   * @param {Element} button
   * @param {Element[]} boxes
   */
  composeBoxesFor(button, boxes) {
    return boxes.filter((box) => this.postButtonFor(box) === button);
  },

  /**
   * Whether a plain Enter in this box sends it (Shift+Enter then adds a line).
   * @param {Element} _box
   */
  enterSends(_box) {
    return false;
  },

  /**
   * What the compose box knows about its draft besides the text: the kind of box it is, the
   * images and videos in its composer's attachment preview (the composer: the nearest ancestor
   * that also holds the box's send control), and in a reply or comment the words it answers. Of
   * an image only its alt text is read, never the image; `missingAlt` counts images without it on
   * the sites that let one write it.
   * @this {SiteAdapter}
   * @param {Element} box
   */
  draftOf(box) {
    const button = this.postButtonFor(box);
    let composer = box.parentElement;
    while (composer && button && !composer.contains(button)) composer = composer.parentElement;
    const media = composer && this.attachment ? [...composer.querySelectorAll(this.attachment)] : [];
    const undescribed = this.offersAltText ? media.filter((item) => item.tagName === 'IMG' && !item.getAttribute('alt')?.trim()) : [];
    const context = this.contextOf(box);
    const draft = { context, attachments: media.length, missingAlt: undescribed.length };
    const repliedTo = context === 'post' ? null : this.repliedToOf(box)?.trim();
    return repliedTo ? { ...draft, repliedTo } : draft;
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

/**
 * The X posts above a compose box, in its dialog or else on the page, without quoted posts (X
 * wraps those in a role=link card).
 * @param {Element} box
 */
function postsAbove(box) {
  const posts = (box.closest('[role="dialog"]') ?? document).querySelectorAll('article[data-testid="tweet"]');
  return [...posts].filter((post) => !post.closest('[role="link"]') && post.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING);
}

/**
 * The blocks of text in `container` that match `selector`, the outermost only (a Text inside a
 * Text is part of it), in document order; none without a container.
 * @param {Element | null} container
 * @param {string} selector
 */
function textBlocks(container, selector) {
  if (!container) return [];
  return [...container.querySelectorAll(selector)].filter((node) => {
    const outer = node.parentElement?.closest(selector);
    return !outer || !container.contains(outer);
  });
}

/**
 * The post a Bluesky reply composer answers. social-app's ComposerReplyTo shows it in the
 * composer's scroll area (composePostView below its top bar, the bar with the publish button),
 * above the editor: a Pressable (role=button, which expands the post) holding the author's avatar,
 * name and the post's text. Its label is translated and it has no test id, so it is found by
 * place: a role=button with text before the area's first editor. A new post's area has nothing
 * before its editor, and a thread's later posts have the first post's editor before theirs.
 * @param {Element} box
 */
function blueskyRepliedPost(box) {
  const view = box.closest('[data-testid="composePostView"]');
  const publish = view?.querySelector('[data-testid="composerPublishBtn"]');
  if (!publish) return null;
  let area = box;
  while (area.parentElement && area.parentElement !== view && !area.parentElement.contains(publish)) area = area.parentElement;
  const firstEditor = area.querySelector('.ProseMirror');
  const post = area.querySelector('[role="button"], button');
  const before = post && firstEditor && post.compareDocumentPosition(firstEditor) & Node.DOCUMENT_POSITION_FOLLOWING;
  return before && post.querySelector('[dir="auto"]') ? post : null;
}

/**
 * The post a Threads reply dialog answers: above the box, in the div[data-pressable-container]
 * that Threads wraps every post in (the composer is in none).
 * @param {Element} box
 */
function threadsRepliedPost(box) {
  const posts = box.closest('[role="dialog"]')?.querySelectorAll('[data-pressable-container="true"]') ?? [];
  return [...posts].filter((post) => !post.contains(box) && post.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING).at(-1) ?? null;
}

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
    // The attachment preview's images and videos; each image has its "Add description" (alt).
    attachment: '[data-testid="attachments"] img, [data-testid="attachments"] video',
    offersAltText: true,
    // The compose dialog's button (Post, Reply, Post all for a thread) and the inline one (the
    // home timeline's post, the reply under a post). Every box of a thread shares the dialog's.
    postButton: '[data-testid="tweetButton"], [data-testid="tweetButtonInline"]',
    /**
     * A reply: the inline box under a post (its button is tweetButtonInline, and a post is on the
     * page above it; the home timeline's box has the posts below it), or the dialog that shows the
     * post replied to (an article[data-testid=tweet] that is not the quoted post, which X wraps in
     * a role=link card).
     * @param {Element} box
     */
    contextOf(box) {
      const button = this.postButtonFor(box);
      const dialog = box.closest('[role="dialog"]');
      if (!dialog && !button?.matches('[data-testid="tweetButtonInline"]')) return 'post';
      return postsAbove(box).length ? 'reply' : 'post';
    },
    /**
     * The post a reply answers: the last post above the box, in its dialog or on the page.
     * @param {Element} box
     */
    repliedToOf(box) {
      return postsAbove(box).at(-1)?.querySelector('[data-testid="tweetText"]')?.textContent ?? null;
    },
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
    // The share box's media preview; each image has its "Alt text" control.
    attachment: '.share-creation-state__media-preview img, .share-creation-state__media-preview video',
    offersAltText: true,
    // The share box's Post, and the submit button of each comment and reply form.
    postButton: '.share-actions__primary-action, .comments-comment-box__submit-button--cr',
    /**
     * A comment box, or (with comments-comment-box--reply) the reply to a comment.
     * @param {Element} box
     */
    contextOf(box) {
      const comments = box.closest('.comments-comment-box');
      if (!comments) return 'post';
      return comments.matches('.comments-comment-box--reply') ? 'reply' : 'comment';
    },
    /**
     * The comment a reply answers, or the post a comment is under.
     * @param {Element} box
     */
    repliedToOf(box) {
      const comment = box.closest('.comments-comment-entity');
      if (comment) return comment.querySelector('.comments-comment-item__main-content')?.textContent ?? null;
      return box.closest('.feed-shared-update-v2')?.querySelector('.update-components-text')?.textContent ?? null;
    },
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
    // Facebook labels its controls in the interface language (Post, Julkaise, Publicera), so the
    // send control is found by structure: the last role=button of the form that holds the box,
    // in the "Create post" dialog (also in a group) and in each comment composer alike.
    postButton: '[role="button"]',
    // The dialog's photo and video preview; Facebook offers no alt text while composing.
    attachment: '.fb-attachments img, .fb-attachments video',
    offersAltText: false,
    /** @param {Element} box */
    postButtonFor(box) {
      const buttons = box.closest('form')?.querySelectorAll(this.postButton);
      const last = buttons?.length ? buttons[buttons.length - 1] : null;
      return last instanceof HTMLElement ? last : null;
    },
    /** @param {Element} target */
    sendControlAt(target) {
      const button = target.closest(this.postButton);
      const box = button?.closest('form')?.querySelector(this.composeBox);
      return box && this.postButtonFor(box) === button ? this.postButtonFor(box) : null;
    },
    /**
     * Comments and replies (a form[role=presentation]) send on Enter; the post composer does not.
     * @param {Element} box
     */
    enterSends(box) {
      return Boolean(box.closest('form[role="presentation"]'));
    },
    /**
     * A comment composer under a post; under a comment (an article inside the post's) a reply.
     * @param {Element} box
     */
    contextOf(box) {
      if (!this.enterSends(box)) return 'post';
      let articles = 0;
      for (let node = box.closest('[role="article"]'); node; node = node.parentElement?.closest('[role="article"]') ?? null) articles++;
      return articles > 1 ? 'reply' : 'comment';
    },
    /**
     * What a comment or reply answers: the text of the article it is written in (the comment
     * for a reply, the post for a comment), found by structure: its dir=auto text, without the
     * articles nested in it (the other comments) and without the composer.
     * @param {Element} box
     */
    repliedToOf(box) {
      const article = box.closest('[role="article"]');
      if (!article) return null;
      const own = [...article.querySelectorAll('[dir="auto"]')].filter((node) => node.closest('[role="article"]') === article && !node.closest('form'));
      return own.length ? own.map((node) => node.textContent).join('\n') : null;
    },
    // Lexical's own input path is `beforeinput`: it cancels the event and applies the change to
    // its state, with one history entry and the caret after it. document.execCommand fires no
    // beforeinput, only `input`, and Lexical then repairs the DOM from its state when a whole
    // text node was deleted, putting the removed text back. So a fix is handed to Lexical as the
    // beforeinput a person's edit would fire (execCommand only if Lexical did not take it).
    input: { awaitSelection: false, beforeInput: true },
  },
  {
    ...LIKE_MOST_SITES,
    id: 'bluesky',
    hosts: ['bsky.app'],
    editor: 'TipTap',
    // The composer dialog (a new post or a reply) and its TipTap editor, by the site's test id.
    composeBox: '[data-testid="composePostView"] .ProseMirror[contenteditable="true"]',
    block: 'p',
    // The composer's media previews are not read yet: Bluesky's markup for them has no stable hook.
    attachment: null,
    offersAltText: false,
    // Post or Reply (Julkaise, Publicera…): the composer's publish button, by its test id.
    postButton: '[data-testid="composerPublishBtn"]',
    /**
     * A reply: the composer shows the post replied to above its editor (see blueskyRepliedPost).
     * @param {Element} box
     */
    contextOf(box) {
      return blueskyRepliedPost(box) ? 'reply' : 'post';
    },
    /**
     * The words of the post replied to: its Texts (div[dir=auto]) but the first, the author's name.
     * @param {Element} box
     */
    repliedToOf(box) {
      const texts = textBlocks(blueskyRepliedPost(box), '[dir="auto"]').slice(1);
      return texts.length ? texts.map((node) => node.textContent).join('\n') : null;
    },
    // ProseMirror reads the browser's own edit back from the DOM (its DOM observer) as one
    // transaction with an undo step in TipTap's History.
    input: { awaitSelection: false },
  },
  {
    ...LIKE_MOST_SITES,
    id: 'threads',
    hosts: ['www.threads.com'],
    editor: 'Lexical',
    // The composer dialog (a new thread or a reply) and its Lexical root.
    composeBox: 'div[role="dialog"] div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]',
    block: 'p, li, h1, h2, h3, pre, blockquote',
    // The composer's media previews are not read yet.
    attachment: null,
    offersAltText: false,
    // Threads labels its controls in the interface language (Post, Julkaise, Publicera): the send
    // control is found by structure, the last role=button of the dialog that holds the box.
    postButton: 'div[role="dialog"] [role="button"]',
    /** @param {Element} box */
    postButtonFor(box) {
      const buttons = box.closest('[role="dialog"]')?.querySelectorAll('[role="button"]');
      const last = buttons?.length ? buttons[buttons.length - 1] : null;
      return last instanceof HTMLElement ? last : null;
    },
    /** @param {Element} target */
    sendControlAt(target) {
      const button = target.closest(this.postButton);
      const box = button?.closest('[role="dialog"]')?.querySelector(this.composeBox);
      const send = box ? this.postButtonFor(box) : null;
      return send === button ? send : null;
    },
    /**
     * A reply: the dialog shows the post replied to above the box (see threadsRepliedPost).
     * @param {Element} box
     */
    contextOf(box) {
      return threadsRepliedPost(box) ? 'reply' : 'post';
    },
    /**
     * The words of the post replied to: its span[dir=auto] texts outside its links (the author's
     * name and the post's time are links).
     * @param {Element} box
     */
    repliedToOf(box) {
      const texts = textBlocks(threadsRepliedPost(box), 'span[dir="auto"]').filter((node) => !node.closest('a'));
      return texts.length ? texts.map((node) => node.textContent).join('\n') : null;
    },
    // Lexical's own input path, as on Facebook: the beforeinput a person's edit would fire.
    input: { awaitSelection: false, beforeInput: true },
  },
  {
    ...LIKE_MOST_SITES,
    // Any Mastodon server: the content script runs only on those the person turned on, one origin
    // at a time (servers.js), so this adapter serves every page it finds itself on but the three
    // sites'. Its compose box is a plain <textarea> (textarea.js draws on a mirror of it).
    id: 'mastodon',
    hosts: [],
    editor: 'textarea',
    composeBox: SERVER_COMPOSER,
    // The mirror of a textarea holds its value as one text node: there are no blocks in it.
    block: 'p',
    // The compose form's thumbnails; their descriptions are not read yet.
    attachment: 'form.compose-form .compose-form__upload',
    offersAltText: false,
    // Publish (Toot on older servers, Save changes when editing): the compose form's submit
    // button, whatever the interface language calls it. Ctrl/Cmd+Enter in the textarea sends too.
    postButton: 'form.compose-form button[type="submit"]',
    /**
     * A reply: the compose form shows the post replied to (Mastodon's reply indicator) above the text.
     * @param {Element} box
     */
    contextOf(box) {
      return box.closest('form')?.querySelector('.reply-indicator') ? 'reply' : 'post';
    },
    /**
     * The post replied to: the text of the reply indicator.
     * @param {Element} box
     */
    repliedToOf(box) {
      return box.closest('form')?.querySelector('.reply-indicator .reply-indicator__content')?.textContent ?? null;
    },
    // A textarea's own editing path: select, then execCommand (textarea.js).
    input: { awaitSelection: false },
  },
];

/** The adapter for this page: one of the three sites', else the servers' (see above). */
export function siteAdapter(hostname = location.hostname) {
  return SITE_ADAPTERS.find((site) => site.hosts.includes(hostname)) ?? SITE_ADAPTERS.find((site) => site.hosts.length === 0);
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
  if (box instanceof HTMLTextAreaElement) return replaceInTextarea(box, start, end, expected, replacement);
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
