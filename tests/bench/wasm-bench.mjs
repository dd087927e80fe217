// The checker as the extension runs it: the same .wasm, through wasm-bindgen's glue (Node flavour,
// which ./build.sh writes to target/bindgen/node/), timing `new Checker().check(text)` on the
// shared realistic texts (texts.mjs), results converted to JS objects included. Also the size of
// the shipped .wasm, raw and gzipped, and what `wasm-opt -Oz` (npm's binaryen) would make of it.
//
//   node tests/bench/wasm-bench.mjs [--json FILE] [--seconds S]
//
// Prints a table; with --json, also writes the numbers for tests/bench/report.mjs.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { SIZES, corpusPosts, realisticText } from './texts.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GLUE_DIR = join(ROOT, 'target/bindgen/node');
const SHIPPED_WASM = join(ROOT, 'dist/guidepost_bg.wasm');
const WASM_OPT = join(ROOT, 'node_modules/.bin/wasm-opt');
const require = createRequire(import.meta.url);

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
}

/** Calls `fn` until `seconds` have passed (at least `minRuns`, at most `maxRuns` times); µs per call. */
function timeCalls(fn, { seconds, minRuns = 10, maxRuns = 20_000 }) {
  for (let i = 0; i < 3; i++) fn(); // warm-up: JIT, wasm tier-up, memory growth
  const samples = [];
  const deadline = process.hrtime.bigint() + BigInt(Math.round(seconds * 1e9));
  while (samples.length < minRuns || (samples.length < maxRuns && process.hrtime.bigint() < deadline)) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e3);
  }
  samples.sort((a, b) => a - b);
  return { runs: samples.length, min: samples[0], median: samples[samples.length >> 1], max: samples[samples.length - 1] };
}

/**
 * What starting costs in a fresh instance: its wasm memory as instantiated and after the first
 * `new Checker({})`, and the time of `new Checker({})` itself once its code is compiled (the
 * browser's first call also compiles the functions it runs, which the cold start in Chromium shows).
 */
function benchStart(glueDir, seconds) {
  const glue = require(join(glueDir, 'guidepost.js'));
  const memoryInstantiated = glue.__wasm.memory.buffer.byteLength;
  // The first one also builds what every checker shares (the people data, the weights).
  const firstStart = process.hrtime.bigint();
  new glue.Checker({}).free();
  const firstNewChecker = Number(process.hrtime.bigint() - firstStart) / 1e3;
  const memoryAfterNew = glue.__wasm.memory.buffer.byteLength;
  const newChecker = timeCalls(() => new glue.Checker({}).free(), { seconds, maxRuns: 500 });
  return { memoryInstantiated, memoryAfterNew, firstNewChecker, newChecker };
}

/** Times every size with the glue in `glueDir`; returns one row per size. */
function benchGlue(glueDir, texts, seconds) {
  const glue = require(join(glueDir, 'guidepost.js'));
  const checker = new glue.Checker({});
  return texts.map(({ chars, text }) => {
    const bytes = Buffer.byteLength(text, 'utf8');
    const findings = checker.check(text).length;
    // Longer texts get more of the time, but every size gets enough runs for a stable median.
    const timing = timeCalls(() => checker.check(text), { seconds: chars >= 1_000_000 ? seconds * 3 : seconds });
    // Linear memory only grows: this is the high-water mark after this size and the smaller ones.
    const wasmMemory = glue.__wasm.memory.buffer.byteLength;
    return { chars, bytes, findings, ...timing, mbPerSecond: bytes / timing.median, wasmMemory };
  });
}

function sizes(file) {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

/** The shipped .wasm through `wasm-opt -Oz`, next to a copy of the Node glue; null without binaryen. */
function optimised() {
  if (!existsSync(WASM_OPT)) return null;
  const dir = join(ROOT, 'target/bench/wasm-opt-Oz');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of ['guidepost.js', 'package.json']) copyFileSync(join(GLUE_DIR, file), join(dir, file));
  const started = process.hrtime.bigint();
  // The .wasm has no target-features section to detect them from: name the ones rustc enables
  // by default for wasm32-unknown-unknown, or the validator rejects e.g. memory.copy.
  const features = ['bulk-memory', 'bulk-memory-opt', 'multivalue', 'mutable-globals', 'nontrapping-float-to-int', 'reference-types', 'sign-ext'];
  const args = ['-Oz', ...features.map((f) => `--enable-${f}`), join(GLUE_DIR, 'guidepost_bg.wasm'), '-o', join(dir, 'guidepost_bg.wasm')];
  try {
    execFileSync(WASM_OPT, args, { stdio: 'pipe' });
  } catch (error) {
    throw new Error(`wasm-opt failed: ${String(error.stderr).slice(0, 2000)}`);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { dir, seconds, version: execFileSync(WASM_OPT, ['--version'], { encoding: 'utf8' }).trim() };
}

const fmt = (n, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTable(title, rows) {
  console.log(`\n${title}`);
  console.log('| characters | UTF-8 bytes | findings | runs | min µs | median µs | max µs | MB/s (median) | µs per 1,000 chars | wasm memory after, MB |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.chars.toLocaleString('en-US')} | ${r.bytes.toLocaleString('en-US')} | ${r.findings} | ${r.runs} | ${fmt(r.min)} | ${fmt(r.median)} | ${fmt(r.max)} | ${fmt(r.mbPerSecond)} | ${fmt((r.median / r.chars) * 1000)} | ${fmt(r.wasmMemory / 1e6, 2)} |`);
  }
}

function main() {
  if (!existsSync(join(GLUE_DIR, 'guidepost.js'))) throw new Error(`${GLUE_DIR}/guidepost.js is missing: run ./build.sh first`);
  if (!existsSync(SHIPPED_WASM)) throw new Error(`${SHIPPED_WASM} is missing: run ./build.sh first`);
  const seconds = Number(option('--seconds', '1'));
  const posts = corpusPosts();
  const texts = SIZES.map((chars) => ({ chars, text: realisticText(chars, posts) }));

  const start = benchStart(GLUE_DIR, seconds);
  console.log(`new Checker({}) with the built-in pack: median ${start.newChecker.median.toFixed(0)} µs (min ${start.newChecker.min.toFixed(0)}; the first in a fresh instance ${start.firstNewChecker.toFixed(0)} µs, its code compiled as it ran); wasm memory ${(start.memoryInstantiated / 1e6).toFixed(2)} MB instantiated, ${(start.memoryAfterNew / 1e6).toFixed(2)} MB after the first checker`);
  const shipped = benchGlue(GLUE_DIR, texts, seconds);
  printTable('check() in wasm under Node (the shipped .wasm, results as JS objects)', shipped);

  const result = { node: process.version, start, shipped, wasm: { shipped: sizes(SHIPPED_WASM) } };
  const oz = optimised();
  if (oz) {
    result.wasm.wasmOptOz = { ...sizes(join(oz.dir, 'guidepost_bg.wasm')), version: oz.version, seconds: oz.seconds };
    result.optimised = benchGlue(oz.dir, texts, seconds);
    printTable(`the same after wasm-opt -Oz (${oz.version}; not shipped)`, result.optimised);
  }

  console.log('\n| .wasm | raw bytes | gzip -9 bytes |');
  console.log('| --- | ---: | ---: |');
  console.log(`| shipped (dist/guidepost_bg.wasm) | ${result.wasm.shipped.raw.toLocaleString('en-US')} | ${result.wasm.shipped.gzipped.toLocaleString('en-US')} |`);
  if (oz) console.log(`| after wasm-opt -Oz | ${result.wasm.wasmOptOz.raw.toLocaleString('en-US')} | ${result.wasm.wasmOptOz.gzipped.toLocaleString('en-US')} |`);
  else console.log('| after wasm-opt -Oz | (binaryen not installed: npm ci) | |');

  const json = option('--json');
  if (json) {
    mkdirSync(dirname(resolve(json)), { recursive: true });
    writeFileSync(resolve(json), JSON.stringify(result, null, 2));
  }
}

main();
