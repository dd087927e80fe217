// The one place that makes "a realistic post of N characters" for every benchmark: the Rust
// criterion benches (benches/checker.rs runs this file and reads what it writes), the Node wasm
// bench and the browser latency probe all use these texts.
//
// A text is labelled corpus posts (tests/corpus/posts.jsonl, never the held-out set) in a fixed
// shuffled order, joined by blank lines like posts in a feed, repeated in a new order when the
// corpus runs out, and cut at exactly N characters (Unicode code points). So every size mixes
// English, Finnish and Swedish, links, emoji, hashtags, clean posts and posts with real problems.
//
//   node tests/bench/texts.mjs [DIR]   writes DIR/<N>.txt for every size (default target/bench/texts)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = join(ROOT, 'tests/corpus/posts.jsonl');
export const TEXTS_DIR = join(ROOT, 'target/bench/texts');

/** A tweet, a LinkedIn post, a Facebook post at its length limit, a 1 MB paste. */
export const SIZES = [280, 3_000, 63_206, 1_000_000];

/** The posts' texts, in file order. */
export function corpusPosts(path = CORPUS) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line).text);
}

/** xorshift32: small, fast, and the same sequence everywhere. */
function random(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
}

/** Exactly `chars` code points of corpus posts, separated by blank lines. */
export function realisticText(chars, posts = corpusPosts()) {
  if (posts.length === 0) throw new Error('the corpus has no posts');
  const next = random(0x9e3779b9);
  const pieces = [];
  let length = 0;
  while (length < chars) {
    const order = posts.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = next() % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const index of order) {
      if (length >= chars) break;
      const piece = (pieces.length ? '\n\n' : '') + posts[index];
      pieces.push(piece);
      length += [...piece].length;
    }
  }
  return [...pieces.join('')].slice(0, chars).join('');
}

/** Writes `<dir>/<N>.txt` for every size; returns the paths by size. */
export function writeTexts(dir = TEXTS_DIR) {
  mkdirSync(dir, { recursive: true });
  const posts = corpusPosts();
  const written = {};
  for (const size of SIZES) {
    written[size] = join(dir, `${size}.txt`);
    writeFileSync(written[size], realisticText(size, posts));
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = writeTexts(process.argv[2] ? resolve(process.argv[2]) : TEXTS_DIR);
  for (const [size, path] of Object.entries(written)) console.log(`${size}\t${path}`);
}
