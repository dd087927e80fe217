// One adapter per site: how to find its compose box and what counts as a line in its editor.
// Every selector that depends on a site lives here and nowhere else.
'use strict';

const SITE_ADAPTERS = [
  {
    id: 'x',
    hosts: ['x.com'],
    editor: 'Draft.js',
    // The contenteditable itself carries the test id; Draft renders it as .public-DraftEditor-content.
    composeBox: '.public-DraftEditor-content[data-testid^="tweetTextarea_"][role="textbox"], div[data-testid^="tweetTextarea_"][role="textbox"]',
    // Each Draft block is one line of the post.
    block: '[data-block="true"]',
    postButton: '[data-testid="tweetButton"], [data-testid="tweetButtonInline"]',
  },
  {
    id: 'linkedin',
    hosts: ['www.linkedin.com'],
    editor: 'Quill',
    composeBox: '.ql-editor[contenteditable="true"]',
    block: 'p, li, h1, h2, h3, pre, blockquote',
    postButton: '.share-actions__primary-action',
  },
  {
    id: 'facebook',
    hosts: ['www.facebook.com'],
    editor: 'Lexical',
    composeBox: 'div[role="textbox"][contenteditable="true"][data-lexical-editor="true"]',
    block: 'p, li, h1, h2, h3, pre, blockquote',
    postButton: '[aria-label="Post"][role="button"], button[aria-label="Post"]',
  },
];

/** The adapter for this page, or undefined on a site we do not run on. */
function siteAdapter(hostname = location.hostname) {
  return SITE_ADAPTERS.find((site) => site.hosts.includes(hostname));
}
