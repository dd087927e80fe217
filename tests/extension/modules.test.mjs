// The extension's shape: ES modules that import what they use, with no cycle among them, each
// type-checked (// @ts-check), and one module, protocol.js, that talks to chrome.runtime and
// chrome.tabs messaging and names the messages. The graph is esbuild's (target/bundle/*.meta.json,
// written by ./build.sh). Run with --test-reporter=spec to see it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const EXTENSION = 'extension';

function modulesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '_locales' ? [] : modulesUnder(path);
    return path.endsWith('.js') ? [path] : [];
  });
}

const MODULES = modulesUnder(EXTENSION).map((path) => relative(EXTENSION, path)).sort();
const BUNDLES = ['content', 'background', 'popup'].map((entry) => join('target', 'bundle', `${entry}.meta.json`));
const source = (module) => readFileSync(join(EXTENSION, module), 'utf8');

/**
 * Each module's imports (relative to extension/), as esbuild resolved them when ./build.sh bundled
 * the three entry points: the metafiles in target/bundle/ list every input of each bundle and what
 * it imports. What the bundler followed is what ships, so no pattern over the sources can miss an
 * import written an unusual way. External imports (the checker's glue, beside the worker in dist/)
 * are kept by their own path.
 */
function importGraph(metafiles = BUNDLES.map((file) => JSON.parse(readFileSync(file, 'utf8')))) {
  const graph = new Map();
  const inExtension = (path) => relative(EXTENSION, path);
  for (const metafile of metafiles) {
    for (const [input, { imports }] of Object.entries(metafile.inputs)) {
      const targets = imports.map((target) => (target.external ? normalize(join(dirname(inExtension(input)), target.path)) : inExtension(target.path)));
      graph.set(inExtension(input), [...new Set([...(graph.get(inExtension(input)) ?? []), ...targets])].sort());
    }
  }
  return graph;
}

/** A cycle in the graph, as the list of modules along it, or null. */
function findCycle(graph) {
  const state = new Map();
  const path = [];
  const visit = (module) => {
    if (state.get(module) === 'done') return null;
    if (state.get(module) === 'open') return [...path.slice(path.indexOf(module)), module];
    state.set(module, 'open');
    path.push(module);
    for (const target of graph.get(module) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(module, 'done');
    return null;
  };
  for (const module of graph.keys()) {
    const cycle = visit(module);
    if (cycle) return cycle;
  }
  return null;
}

test('the test sees the modules: the three entry points and protocol.js', () => {
  for (const expected of ['background.js', 'content/main.js', 'popup/popup.js', 'protocol.js']) assert.ok(MODULES.includes(expected), expected);
});

test('the modules import each other without a cycle, and only files that exist (from the bundler\'s metafiles)', (t) => {
  const graph = importGraph();
  for (const [module, targets] of graph) t.diagnostic(`${module} → ${targets.join(', ') || '(nothing)'}`);
  // The checker's glue is built (target/bindgen/web), not a source: the worker imports it from beside itself in dist/.
  const missing = [...graph].flatMap(([module, targets]) => targets.filter((target) => !MODULES.includes(target) && target !== 'guidepost.js').map((target) => `${module} → ${target}`));
  assert.deepEqual(missing, []);
  assert.equal(findCycle(graph)?.join(' → ') ?? null, null);
  // Every module is in a bundle: a module nothing imports would be dead code shipped nowhere.
  assert.deepEqual(MODULES.filter((module) => !graph.has(module)), []);
});

test('the graph is read from the metafiles as esbuild writes them', () => {
  const metafile = {
    inputs: {
      'extension/a.js': { imports: [{ path: 'extension/content/b.js', kind: 'import-statement', original: './content/b.js' }, { path: './guidepost.js', kind: 'import-statement', external: true }] },
      'extension/content/b.js': { imports: [{ path: 'extension/a.js', kind: 'import-statement', original: '../a.js' }] },
    },
  };
  const graph = importGraph([metafile]);
  assert.deepEqual(Object.fromEntries(graph), { 'a.js': ['content/b.js', 'guidepost.js'], 'content/b.js': ['a.js'] });
  assert.deepEqual(findCycle(graph), ['a.js', 'content/b.js', 'a.js']);
});

test('the cycle check sees a cycle', () => {
  assert.deepEqual(findCycle(new Map([['a.js', ['b.js']], ['b.js', ['c.js']], ['c.js', ['a.js']]])), ['a.js', 'b.js', 'c.js', 'a.js']);
  assert.equal(findCycle(new Map([['a.js', ['b.js', 'c.js']], ['b.js', ['c.js']], ['c.js', []]])), null);
});

test('every module is type-checked (// @ts-check on its first line)', () => {
  assert.deepEqual(MODULES.filter((module) => !source(module).startsWith('// @ts-check\n')), []);
});

test('no globals: nothing is shared through the manifest\'s script order', () => {
  // A module that assigns to the global object, other than the worker's own entry points for tests.
  const offenders = MODULES.filter((module) => /\b(?:window|self|globalThis)\.\w+\s*=(?!=)|Object\.assign\(globalThis/.test(source(module)) && module !== 'background.js');
  assert.deepEqual(offenders, []);
  assert.equal(source('background.js').match(/Object\.assign\(globalThis/g)?.length, 1, 'the worker exposes one object (guidepostWorker)');
});

test('only protocol.js sends, receives or names a message', () => {
  const names = [...source('protocol.js').matchAll(/\btype: '(\w+)'/g)].map((m) => m[1]);
  assert.ok(names.length >= 9, `protocol.js names the messages (${names})`);
  const messaging = new RegExp(`\\bchrome\\.(?:runtime|tabs)\\.(?:sendMessage|onMessage)\\b|\\btype:\\s*['"](?:${names.join('|')})['"]`);
  assert.deepEqual(MODULES.filter((module) => module !== 'protocol.js' && messaging.test(source(module))), []);
  assert.match(source('protocol.js'), messaging, 'the pattern matches what protocol.js does');
});
