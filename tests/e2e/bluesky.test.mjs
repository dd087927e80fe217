// Bluesky (bsky.app) on the fixture of its composer, built on TipTap as the site's is: the new post
// and the reply composer, each held to the core tests of tests/e2e/composer-suite.mjs.
import { BLUESKY } from './harness.mjs';
import { composerSuite } from './composer-suite.mjs';

composerSuite({
  id: 'bluesky',
  selectors: BLUESKY,
  editor: 'TipTap',
  boxes: [
    ['new post', BLUESKY.url, 'post'],
    ['reply', BLUESKY.reply, 'reply'],
  ],
  clear: (page) => page.evaluate(() => window.__fixture.editor.commands.clearContent(true)),
});
