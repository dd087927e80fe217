// Threads (www.threads.com) on the fixture of its composer dialog, on Lexical as the site's is
// (the send control found by structure): the new thread and the reply dialog, each held to the
// core tests of tests/e2e/composer-suite.mjs.
import { THREADS } from './harness.mjs';
import { composerSuite } from './composer-suite.mjs';

composerSuite({
  id: 'threads',
  selectors: THREADS,
  editor: 'Lexical',
  boxes: [
    ['new thread', THREADS.url, 'post'],
    ['reply', THREADS.reply, 'reply'],
  ],
  clear: (page) => page.evaluate(() => window.__fixture.clear()),
});
