// What the .wasm is made of: the bytes of each crate's functions and of the data, read from a
// build of the same code that keeps its function names (the shipped one is stripped; names do not
// change the code). Functions are attributed to the crate their name starts with (for `<A as B>::f`,
// A's crate, where generic code is instantiated); the embedded files are found in the data by their
// bytes.
//
//   node tests/bench/wasm-size.mjs WASM_WITH_NAMES [--json FILE]
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The files the crate embeds (include_bytes!/include_str!), as the build embeds them. */
const EMBEDDED = ['src/model/weights.bin', 'guidelines/helsinki.toml', 'guidelines/people.toml', 'guidelines/words/en.txt', 'guidelines/words/fi.txt', 'guidelines/words/sv.txt'];

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, at];
    shift += 7;
  }
}

/** The sections of a wasm module: id, name (custom sections), start and end of the contents. */
function sections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    let name = null;
    if (id === 0) {
      const [length, from] = leb(bytes, start);
      name = Buffer.from(bytes.subarray(from, from + length)).toString('utf8');
    }
    out.push({ id, name, start, end: start + size });
    at = start + size;
  }
  return out;
}

/** Function index -> name, from the name section's function names. */
function functionNames(bytes, section) {
  const names = new Map();
  let [length, at] = leb(bytes, section.start);
  at += length;
  while (at < section.end) {
    const kind = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    if (kind === 1) {
      let [count, p] = leb(bytes, start);
      for (let i = 0; i < count; i++) {
        let index;
        let nameLength;
        [index, p] = leb(bytes, p);
        [nameLength, p] = leb(bytes, p);
        names.set(index, Buffer.from(bytes.subarray(p, p + nameLength)).toString('utf8'));
        p += nameLength;
      }
    }
    at = start + size;
  }
  return names;
}

/** How many functions the module imports (they come first in the function index space). */
function importedFunctions(bytes, section) {
  let [count, at] = leb(bytes, section.start);
  let functions = 0;
  for (let i = 0; i < count; i++) {
    for (let part = 0; part < 2; part++) {
      const [length, from] = leb(bytes, at);
      at = from + length;
    }
    const kind = bytes[at++];
    if (kind === 0) {
      functions += 1;
      at = leb(bytes, at)[1];
    } else if (kind === 1) {
      at += 1;
      const flags = bytes[at++];
      at = leb(bytes, at)[1];
      if (flags & 1) at = leb(bytes, at)[1];
    } else if (kind === 2) {
      const flags = bytes[at++];
      at = leb(bytes, at)[1];
      if (flags & 1) at = leb(bytes, at)[1];
    } else if (kind === 3) {
      at += 2;
    } else {
      at = leb(bytes, at + 1)[1];
    }
  }
  return functions;
}

/** The crates whose generic code std instantiates often enough to name (`Vec<T>` of a toml type). */
const OWNERS = ['toml_parser', 'toml_datetime', 'serde_spanned', 'toml', 'serde_wasm_bindgen', 'serde_core', 'regex_automata', 'regex_syntax', 'aho_corasick', 'guidepost'];

/** The first crate a mangled Rust symbol names (legacy `_ZN…` or v0 `_R…`), else the symbol. */
function firstCrate(symbol) {
  if (symbol.startsWith('_ZN')) {
    const [, length] = symbol.slice(3).match(/^(\d+)/) ?? [];
    const first = symbol.slice(3 + length.length, 3 + length.length + Number(length));
    // `<A as B>::f` is `_$LT$A$u20$as$u20$B$GT$`, paths written with `..`.
    return first.replace(/^_?(\$LT\$)+/, '').replace(/^impl\$u20\$/, '').split(/\.\.|\$/)[0];
  }
  const v0 = symbol.match(/^_?R.*?C(?:s[0-9A-Za-z]*_)?(\d+)/);
  if (v0) {
    const at = v0.index + v0[0].length;
    return symbol.slice(at, at + Number(v0[1]));
  }
  return symbol.split(/::|\s/)[0];
}

/** The part of the code a function counts for: its crate, or for std's generic code the crate it serves. */
export function crateOf(symbol) {
  const crate = firstCrate(symbol);
  if (['core', 'alloc', 'std', 'hashbrown'].includes(crate) || crate === '') {
    const owner = OWNERS.find((name) => symbol.includes(`${name.length}${name}`));
    return owner ?? 'std (core, alloc, fmt, unicode, dlmalloc)';
  }
  return crate;
}

export function wasmSize(file) {
  const bytes = readFileSync(file);
  const all = sections(bytes);
  const names = functionNames(bytes, all.find((s) => s.name === 'name'));
  const imports = all.find((s) => s.id === 2);
  const firstDefined = imports ? importedFunctions(bytes, imports) : 0;
  const parts = new Map();
  const add = (part, size) => parts.set(part, (parts.get(part) ?? 0) + size);
  const code = all.find((s) => s.id === 10);
  let [count, at] = leb(bytes, code.start);
  for (let i = 0; i < count; i++) {
    const [size, body] = leb(bytes, at);
    add(`code: ${crateOf(names.get(firstDefined + i) ?? 'other')}`, body + size - at);
    at = body + size;
  }
  const data = all.find((s) => s.id === 11);
  const dataBytes = data.end - data.start;
  const segments = bytes.subarray(data.start, data.end);
  let embedded = 0;
  // What build.rs compiled, beside the .wasm of the build that embedded it.
  const build = join(dirname(file), 'build');
  const compiled = (existsSync(build) ? readdirSync(build) : [])
    .filter((d) => d.startsWith('guidepost-') && existsSync(join(build, d, 'out')))
    .flatMap((d) => readdirSync(join(build, d, 'out')).map((f) => join(build, d, 'out', f)));
  for (const path of [...EMBEDDED.map((f) => join(ROOT, f)), ...compiled]) {
    const content = readFileSync(path);
    if (segments.indexOf(content) >= 0) {
      const label = path.startsWith(build) ? `compiled by build.rs: ${path.split('/').pop()}` : relative(ROOT, path);
      add(`data: ${label}`, content.length);
      embedded += content.length;
    }
  }
  add('data: other (strings, tables, unicode data)', dataBytes - embedded);
  const counted = [...parts.values()].reduce((a, b) => a + b, 0);
  const shipped = all.filter((s) => s.id !== 0).reduce((sum, s) => sum + (s.end - s.start), 0);
  add('other sections (types, imports, exports, tables)', shipped - counted);
  return [...parts].map(([part, size]) => ({ part, bytes: size })).sort((a, b) => b.bytes - a.bytes);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  const rows = wasmSize(file);
  const total = rows.reduce((a, r) => a + r.bytes, 0);
  for (const { part, bytes } of rows) console.log(`${String(bytes).padStart(9)}  ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${part}`);
  const at = process.argv.indexOf('--json');
  if (at > 0) writeFileSync(process.argv[at + 1], JSON.stringify({ total, rows }, null, 2));
}
