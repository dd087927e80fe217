// A malformed guideline pack (from an organisation's managed policy) or malformed options, through
// the same .wasm the extension ships: always a JS Error with a message that says where and what,
// never a trap (a panic in wasm is an `unreachable` RuntimeError and can leave the instance
// unusable), and a checker built afterwards with the built-in pack still works. The service
// worker relies on this to fall back to the built-in guidelines (extension/background.js,
// buildChecker; tests/e2e/settings.test.mjs shows the fallback in the browser).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Checker } = require('../../target/bindgen/node/guidepost.js');

const BUILTIN = readFileSync(new URL('../../guidelines/helsinki.toml', import.meta.url), 'utf8');

/** A small deterministic generator, so that a failure names a case that can be run again. */
function* random(seed) {
  let state = seed >>> 0;
  for (;;) {
    state = (Math.imul(state ^ (state >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    yield state;
  }
}

/** The built-in pack, broken in many ways. */
function brokenPacks() {
  const lines = BUILTIN.split('\n');
  const cases = {
    empty: '',
    'not toml': '<html><body>policy</body></html>',
    'only a header': '[pack]',
    'binary junk': '\u0000\u0001\uFFFD\uD83D\uDE00'.repeat(100),
    'deep nesting': `x = ${'['.repeat(5000)}${']'.repeat(5000)}`,
    'a huge string': `[pack]\nid = "${'a'.repeat(1_000_000)}"`,
    'wrong type': BUILTIN.replace(/^version = \d+/m, 'version = "one"'),
    'duplicate rule': `${BUILTIN}\n${BUILTIN.slice(BUILTIN.indexOf('[[rule]]'), BUILTIN.indexOf('[[rule]]', BUILTIN.indexOf('[[rule]]') + 1))}`,
    'unknown check': BUILTIN.replace('check = "finnish-id"', 'check = "telepathy"'),
    'unknown field': BUILTIN.replace('[pack]', '[pack]\ncolour = "red"'),
    'unclosed string': BUILTIN.replace(/id = "([a-z-]+)"/, 'id = "$1'),
    'no sections': lines.filter((line) => !line.startsWith('[[section]]')).join('\n'),
  };
  const rng = random(6);
  for (let i = 0; i < 60; i += 1) {
    // Cut a run of lines, or a run of characters, out of the pack.
    const at = rng.next().value % lines.length;
    const count = 1 + (rng.next().value % 4);
    cases[`lines ${at}+${count} cut`] = [...lines.slice(0, at), ...lines.slice(at + count)].join('\n');
    const from = rng.next().value % BUILTIN.length;
    const length = 1 + (rng.next().value % 40);
    cases[`chars ${from}+${length} cut`] = BUILTIN.slice(0, from) + BUILTIN.slice(from + length);
  }
  return cases;
}

function assertStillWorks() {
  const [finding] = new Checker({}).check('hetu 131052-308T');
  assert.equal(finding?.rule, 'finnish-id', 'a checker with the built-in pack works after the failure');
}

test('every broken pack is a clear Error, never a trap, and leaves the built-in pack working', () => {
  let rejected = 0;
  for (const [name, pack] of Object.entries(brokenPacks())) {
    let error = null;
    try {
      new Checker({ pack }).check('hetu 131052-308T');
    } catch (caught) {
      error = caught;
    }
    if (!name.includes(' cut')) assert.ok(error, `${name}: rejected`);
    if (error) {
      rejected += 1;
      assert.ok(!(error instanceof WebAssembly.RuntimeError), `${name}: trapped: ${error.message}`);
      assert.ok(error instanceof Error, `${name}: ${error}`);
      assert.match(error.message, /^custom pack(:\d+:\d+)?: \S/, `${name}: says where and what`);
    }
    assertStillWorks();
  }
  // Many cuts only remove a comment or an example; the rest must be rejected, not crash.
  assert.ok(rejected >= 50, `enough of the broken packs are rejected to mean something (${rejected})`);
});

test('malformed options are clear Errors too', () => {
  const cases = [{ messages: 42 }, { minSeverity: ['stop'] }, { pack: 42 }, { disabledRules: 'all' }, { role: { admin: true } }, 'options', 7, [1, 2]];
  for (const options of cases) {
    let error = null;
    try {
      new Checker(options);
    } catch (caught) {
      error = caught;
    }
    assert.ok(error instanceof Error && !(error instanceof WebAssembly.RuntimeError), `${JSON.stringify(options)}: ${error}`);
    assert.match(error.message, /^invalid options: \S/, JSON.stringify(options));
    assertStillWorks();
  }
});
