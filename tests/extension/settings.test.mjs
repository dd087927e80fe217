// The settings module (extension/settings.js), the one place that knows the schema, the defaults,
// the migrations and the managed policy: imported here as the extension imports it, and checked
// against the real checker (the wasm build for Node) and against managed_schema.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as S from '../../extension/settings.js';

const { Checker, categories } = createRequire(import.meta.url)('../../target/bindgen/node/guidepost.js');
const CATEGORIES = categories();
// Values compare as chrome.storage keeps them: as JSON.
const plain = (value) => JSON.parse(JSON.stringify(value));

test('every setting has a default that passes its own check', () => {
  const defaults = S.defaults();
  assert.deepEqual(Object.keys(defaults).sort(), Object.keys(S.SCHEMA).sort());
  for (const [name, spec] of Object.entries(S.SCHEMA)) assert.equal(spec.check(defaults[name]), null, name);
  assert.deepEqual(plain(defaults.sites), { x: true, linkedin: true, facebook: true, bluesky: true, threads: true });
  assert.equal(defaults.language, 'auto', 'the UI follows the browser unless told otherwise');
  assert.equal(defaults.prePostCheck, true);
});

test('a fresh install reads the defaults and writes nothing', () => {
  const { values, write, remove, errors } = S.migrate({});
  assert.deepEqual(plain(values), plain(S.defaults()));
  assert.deepEqual(plain(write), {});
  assert.deepEqual(plain(remove), []);
  assert.deepEqual(plain(errors), []);
});

test('a bad stored value falls back to its default with an error; keys from a newer version are kept', () => {
  const { values, write, remove, errors } = S.migrate({ settingsVersion: S.VERSION, minSeverity: 'loud', role: 'teacher', sites: { x: false }, futureSetting: 1 });
  assert.equal(values.minSeverity, 'tip');
  assert.equal(values.role, 'teacher');
  assert.deepEqual(plain(values.sites), { x: false, linkedin: true, facebook: true, bluesky: true, threads: true }, 'sites missing from the map stay on');
  assert.match(errors.join('\n'), /minSeverity.*must be one of tip, warn, stop/);
  assert.ok(!remove.includes('futureSetting'), 'never removes what it does not know');
  assert.deepEqual(plain(write), {});
});

test('a renamed setting is carried over to its new name, never lost', () => {
  // A migration table as a later version would have it: version 1 called minSeverity
  // "minimumSeverity" and stored the sites as a list of the ones turned off.
  const migrations = [
    {
      rename: { minimumSeverity: 'minSeverity' },
      change: (items) => (Array.isArray(items.sitesOff) ? { sites: Object.fromEntries(items.sitesOff.map((site) => [site, false])) } : {}),
    },
  ];
  const old = { settingsVersion: 1, minimumSeverity: 'warn', sitesOff: ['facebook'], role: 'supervisor' };
  const { values, write, remove } = S.migrate(old, migrations);
  assert.equal(values.minSeverity, 'warn');
  assert.equal(values.role, 'supervisor');
  assert.deepEqual(plain(values.sites), { x: true, linkedin: true, facebook: false, bluesky: true, threads: true });
  assert.deepEqual(plain(write), { minSeverity: 'warn', sites: { facebook: false }, settingsVersion: 2 });
  assert.deepEqual(plain(remove), ['minimumSeverity']);

  // Settings stored before the version key existed count as version 1.
  assert.equal(S.migrate({ minimumSeverity: 'stop' }, migrations).values.minSeverity, 'stop');
  // Already migrated: nothing to do.
  const again = S.migrate({ settingsVersion: 2, minSeverity: 'warn' }, migrations);
  assert.deepEqual(plain(again.write), {});
  // Both names present (the new one written by a newer device): the new one wins, the old goes.
  const both = S.migrate({ settingsVersion: 1, minimumSeverity: 'stop', minSeverity: 'warn' }, migrations);
  assert.equal(both.values.minSeverity, 'warn');
  assert.deepEqual(plain(both.remove), ['minimumSeverity']);
});

test('version 2: a rule turned off as url-credentials stays off as userinfo-link', () => {
  const { values, write, remove, errors } = S.migrate({ settingsVersion: 1, disabledRules: ['password', 'url-credentials'] });
  assert.equal(S.VERSION, 2);
  assert.deepEqual(plain(values.disabledRules), ['password', 'userinfo-link']);
  assert.deepEqual(plain(write), { disabledRules: ['password', 'userinfo-link'], settingsVersion: 2 });
  assert.deepEqual(plain(remove), []);
  assert.deepEqual(plain(errors), []);
  // Both ids (the new one written by a newer device): the rule is listed once.
  assert.deepEqual(plain(S.migrate({ disabledRules: ['url-credentials', 'userinfo-link'] }).values.disabledRules), ['userinfo-link']);
  // Stored before the version key existed: version 1 too.
  assert.deepEqual(plain(S.migrate({ disabledRules: ['url-credentials'] }).values.disabledRules), ['userinfo-link']);
  // Already version 2: an id is what it says, nothing is renamed again.
  const current = S.migrate({ settingsVersion: 2, disabledRules: ['userinfo-link'] });
  assert.deepEqual(plain(current.write), {});
  // Nothing to rename, or a value the schema refuses: only the version is written.
  assert.deepEqual(plain(S.migrate({ settingsVersion: 1, disabledRules: ['password'] }).write), { settingsVersion: 2 });
  assert.match(S.migrate({ settingsVersion: 1, disabledRules: 'url-credentials' }).errors.join('\n'), /disabledRules.*must be a list of strings/);
  assert.deepEqual(plain(S.migrate({ settingsVersion: 1, disabledRules: ['constructor'] }).values.disabledRules), ['constructor']);
  // The migrated setting turns the checker's rule off (the new id is the built-in pack's).
  const link = 'data: https://student:Kevat2024@data.example-lab.org/share';
  const rulesOf = (disabledRules) => new Checker({ disabledRules }).check(link).map((f) => f.rule);
  assert.ok(rulesOf([]).includes('userinfo-link'));
  assert.ok(!rulesOf(values.disabledRules).includes('userinfo-link'));
  // A policy written for the old version turns the rule off by its new id.
  assert.deepEqual(plain(S.applyPolicy(S.defaults(), { disabledRules: ['url-credentials'] }).settings.disabledRules), ['userinfo-link']);
});

test('the organisation policy wins, and what it sets is locked', () => {
  const own = { ...S.defaults(), minSeverity: 'stop', disabledCategories: ['credentials', 'tip'], role: 'teacher' };
  const resolved = S.applyPolicy(own, {
    minSeverity: 'warn',
    sites: { facebook: false },
    forceCategoriesOn: ['credentials'],
    confidentialTerms: ['  Project Zephyr ', ''],
    lockedSettings: ['language'],
  });
  assert.deepEqual(plain(resolved.errors), []);
  assert.equal(resolved.settings.minSeverity, 'warn');
  assert.equal(resolved.settings.role, 'teacher', 'what the policy leaves alone is the person’s');
  assert.deepEqual(plain(resolved.settings.sites), { x: true, linkedin: true, facebook: false, bluesky: true, threads: true });
  assert.deepEqual(plain(resolved.settings.disabledCategories), ['tip'], 'a forced category cannot stay off');
  assert.deepEqual(plain(resolved.confidentialTerms), ['Project Zephyr']);
  assert.deepEqual(plain(resolved.locked), ['language', 'minSeverity', 'sites.facebook']);
  assert.ok(S.isLocked(resolved, 'sites.facebook'));
  assert.ok(!S.isLocked(resolved, 'sites.x'));
  assert.ok(S.isLocked(resolved, 'categories.credentials'));
  assert.ok(!S.isLocked(resolved, 'categories.tip'));
  assert.ok(!S.isLocked(resolved, 'role'));
});

test('a bad policy is reported key by key and otherwise ignored, never a crash', () => {
  const resolved = S.applyPolicy(S.defaults(), {
    minSeverity: 'loud',
    forceCategoriesOn: 'credentials',
    lockedSettings: ['colour', 'role'],
    guidelinePack: 42,
    surprise: true,
  });
  assert.equal(resolved.settings.minSeverity, 'tip');
  assert.deepEqual(plain(resolved.forcedCategories), []);
  assert.deepEqual(plain(resolved.locked), ['role']);
  assert.equal(resolved.pack, null);
  const errors = resolved.errors.join('\n');
  for (const key of ['minSeverity', 'forceCategoriesOn', 'colour', 'guidelinePack', 'surprise']) assert.match(errors, new RegExp(`\`${key}\``));
  assert.match(S.applyPolicy(S.defaults(), 'nonsense').errors[0], /must be an object/);
  assert.deepEqual(plain(S.applyPolicy(S.defaults(), {}).errors), []);
});

test('changes are checked against the schema and the locks; a partial site map keeps the rest', () => {
  const own = { ...S.defaults(), sites: { x: true, linkedin: false, facebook: true } };
  assert.deepEqual(plain(S.validateChanges({ sites: { x: false } }, [], own)), { changes: { sites: { x: false, linkedin: false, facebook: true, bluesky: true, threads: true } } });
  assert.match(S.validateChanges({ role: 'dean' }).error, /role.*must be one of/);
  assert.match(S.validateChanges({ colour: 'red' }).error, /unknown setting/);
  assert.match(S.validateChanges({ role: 'teacher' }, ['role']).error, /set by your organisation/);
  assert.match(S.validateChanges({ sites: { facebook: true } }, ['sites.facebook']).error, /sites\.facebook.*organisation/);
  assert.deepEqual(plain(S.validateChanges({ sites: { x: false } }, ['sites.facebook'], own).changes.sites), { x: false, linkedin: false, facebook: true, bluesky: true, threads: true });
});

test('the language follows the browser unless one is chosen, and falls back to English', () => {
  assert.equal(S.resolveLanguage('auto', 'fi-FI'), 'fi');
  assert.equal(S.resolveLanguage('auto', 'sv'), 'sv');
  assert.equal(S.resolveLanguage('auto', 'de-DE'), 'en');
  assert.equal(S.resolveLanguage('sv', 'fi'), 'sv');
});

test('the checker accepts the options built from every combination of settings', () => {
  for (const role of S.ROLES) {
    for (const minSeverity of S.SEVERITIES) {
      for (const language of S.LANGUAGES) {
        const resolved = S.applyPolicy({ ...S.defaults(), role, minSeverity, disabledCategories: ['tip'], disabledRules: ['no-such-rule'] }, {});
        const options = plain(S.checkerOptions(resolved, language, CATEGORIES));
        assert.doesNotThrow(() => new Checker(options), JSON.stringify(options));
      }
    }
  }
});

test('checker options: settings turn rules off, the policy turns them back on and adds terms', () => {
  const text = 'Salasana: Kissa123 ja Project Zephyr alkaa';
  const own = { ...S.defaults(), disabledRules: ['password'], minSeverity: 'tip' };
  const mine = plain(S.checkerOptions(S.applyPolicy(own, {}), 'en', CATEGORIES));
  assert.ok(!new Checker(mine).check(text).some((f) => f.rule === 'password'), 'the person turned the rule off');

  const policy = { forceCategoriesOn: ['credentials'], confidentialTerms: ['Project Zephyr'] };
  const options = plain(S.checkerOptions(S.applyPolicy(own, policy), 'en', CATEGORIES));
  assert.deepEqual(options.forcedCategories, ['credentials'], 'the checker keeps the forced category on itself');
  const found = new Checker(options).check(text).map((f) => f.rule);
  assert.ok(found.includes('password'), 'a rule of a forced category stays on, though the person turned it off');
  assert.ok(found.includes('password'));
  assert.ok(found.includes('organisation-term'));

  // Categories the checker does not know are dropped (it would reject them).
  const unknown = plain(S.checkerOptions(S.applyPolicy({ ...S.defaults(), disabledCategories: ['no-such-category', 'tip'] }, { forceCategoriesOn: ['no-such-one'] }), 'en', CATEGORIES));
  assert.deepEqual(unknown.disabledCategories, ['tip']);
  assert.deepEqual(unknown.forcedCategories, []);
  assert.doesNotThrow(() => new Checker(unknown));
});

test('managed_schema.json declares exactly the policy keys, with the schema’s choices', () => {
  const schema = JSON.parse(readFileSync('extension/managed_schema.json', 'utf8'));
  const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
  assert.equal(manifest.storage.managed_schema, 'managed_schema.json');
  assert.equal(schema.type, 'object');
  assert.deepEqual(Object.keys(schema.properties).sort(), [...S.POLICY_KEYS].sort());
  assert.deepEqual(schema.properties.minSeverity.enum, [...S.SEVERITIES]);
  assert.deepEqual(schema.properties.role.enum, [...S.ROLES]);
  assert.deepEqual(schema.properties.language.enum, ['auto', ...S.LANGUAGES]);
  assert.deepEqual(schema.properties.lockedSettings.items.enum.sort(), Object.keys(S.SCHEMA).sort());
  assert.deepEqual(Object.keys(schema.properties.sites.properties), [...S.SITES]);
  // Every example the schema's own check accepts is a value the managed schema allows, and back.
  for (const [name, spec] of Object.entries(S.SCHEMA)) {
    const type = schema.properties[name].type;
    const value = S.defaults()[name];
    assert.equal(type === 'array' ? Array.isArray(value) : typeof value, type === 'array' ? true : type, `${name} is a ${type}`);
    assert.equal(spec.check(value), null);
  }
});
