// Bundles the fixture pages (tests/e2e/fixtures/<site>/) with esbuild into
// tests/e2e/fixtures/dist/<site>/{index.html,app.js,app.css}.
//
// Idempotent and fast (well under a second): the harness calls
// buildFixtures() once per test process; it can also be run by hand:
//   node tests/e2e/build-fixtures.mjs
// Test files may run in parallel processes, each building while another
// serves: every file is written under a temporary name and renamed into
// place, so a reader sees a whole file, old or new, never half of one.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES_DIR = join(here, 'fixtures');
export const DIST_DIR = join(FIXTURES_DIR, 'dist');

/** Entry point of each site's page, relative to FIXTURES_DIR. */
const ENTRIES = {
  x: 'x/app.jsx',
  linkedin: 'linkedin/app.js',
  facebook: 'facebook/app.js',
  mastodon: 'mastodon/app.jsx',
  bluesky: 'bluesky/app.js',
  threads: 'threads/app.js',
};

function writeAtomically(file, contents) {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}

export async function buildFixtures() {
  await Promise.all(
    Object.entries(ENTRIES).map(async ([site, entry]) => {
      const outdir = join(DIST_DIR, site);
      mkdirSync(outdir, { recursive: true });
      const { outputFiles } = await esbuild.build({
        entryPoints: [join(FIXTURES_DIR, entry)],
        // app.js, and app.css from the CSS the entry imports.
        entryNames: 'app',
        outdir,
        bundle: true,
        // A classic script (<script defer>), as the sites ship; no eval, no
        // inline code, so it runs under script-src 'self'.
        format: 'iife',
        target: 'chrome120',
        // Production builds of React, Draft.js and Lexical, like the real sites.
        // fbjs (Draft.js's utilities) reads Node's `global`.
        define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
        conditions: ['production'],
        jsx: 'transform',
        legalComments: 'none',
        logLevel: 'warning',
        write: false,
      });
      for (const { path, contents } of outputFiles) writeAtomically(path, contents);
      writeAtomically(join(outdir, 'index.html'), readFileSync(join(FIXTURES_DIR, site, 'index.html')));
    }),
  );
  return DIST_DIR;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  await buildFixtures();
  console.log(`fixtures built in ${Math.round(performance.now() - started)} ms: ${DIST_DIR}`);
}
