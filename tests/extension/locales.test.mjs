// Every string Guidepost shows comes from _locales/{en,fi,sv}/messages.json: the three files have
// exactly the same keys and placeholders, and every key the extension uses (in code, in HTML, in
// the manifest) exists in them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import * as settings from '../../extension/settings.js';

const EXTENSION = 'extension';
const LANGUAGES = ['en', 'fi', 'sv'];
const messages = Object.fromEntries(LANGUAGES.map((lang) => [lang, JSON.parse(readFileSync(join(EXTENSION, '_locales', lang, 'messages.json'), 'utf8'))]));

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const sources = filesUnder(EXTENSION).filter((path) => ['.js', '.html'].includes(extname(path)));

/** The values that stand in for each `${…}` of a key built at run time, by the key's shape. */
function dynamicKeyValues() {
  // The checker's categories, as src/vocab.rs spells them for JS ("personal-id" → personal_id).
  const categories = [...readFileSync('src/vocab.rs', 'utf8').matchAll(/Category::\w+ => "([a-z-]+)"/g)].map((m) => m[1].replaceAll('-', '_'));
  assert.ok(categories.length >= 10, 'read the categories from src/vocab.rs');
  // The kinds of error the service worker reports.
  const errorKinds = [...new Set([...readFileSync(join(EXTENSION, 'background.js'), 'utf8').matchAll(/kind: '(\w+)'/g)].map((m) => m[1]))];
  const severities = [...settings.SEVERITIES];
  const roles = [...settings.ROLES];
  return {
    'severity_*': severities,
    'category_*': categories,
    'role_*': roles,
    'roleTip_*_*': roles.flatMap((role) => [1, 2, 3].map((n) => [role, n])),
    'minSeverity_*': severities,
    'language_*': ['auto', ...settings.LANGUAGES],
    'site_*': [...settings.SITES],
    'popupCount_*': severities,
    'hintChip_*': severities,
    'error_*': errorKinds,
  };
}

/** The first argument of each call t(…) in a script, as source text. */
function translatorArguments(source) {
  const found = [];
  for (const match of source.matchAll(/(?<![\w$])t\(/g)) {
    let depth = 0;
    let quote = null;
    let end = match.index + match[0].length;
    for (; end < source.length; end++) {
      const c = source[end];
      if (quote) {
        if (c === '\\') end++;
        else if (c === quote) quote = null;
      } else if (c === "'" || c === '"' || c === '`') quote = c;
      else if ('([{'.includes(c)) depth++;
      else if (')]}'.includes(c)) {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) break;
    }
    found.push(source.slice(match.index + match[0].length, end));
  }
  return found;
}

/** Every message key the extension uses: "key", or "prefix_*" for one built at run time. */
function usedKeys() {
  const used = new Map();
  const add = (key, where) => used.set(key, [...(used.get(key) ?? []), where]);
  for (const path of sources) {
    const source = readFileSync(path, 'utf8');
    const where = relative('.', path);
    for (const [, key] of source.matchAll(/data-i18n(?:-label)?="([^"]+)"/g)) add(key, where);
    if (extname(path) !== '.js') continue;
    for (const argument of translatorArguments(source)) {
      for (const [, template] of argument.matchAll(/`([^`]*)`/g)) add(template.replace(/\$\{[^}]*\}/g, '*'), where);
      for (const [, key] of argument.replace(/`[^`]*`/g, '').matchAll(/'([^'\\]*)'/g)) add(key, where);
    }
  }
  for (const [, key] of readFileSync('manifest.json', 'utf8').matchAll(/__MSG_(\w+)__/g)) add(key, 'manifest.json');
  return used;
}

const placeholdersOf = (entry) => JSON.stringify(Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]).sort());

test('en, fi and sv have exactly the same keys', () => {
  const english = Object.keys(messages.en).sort();
  for (const lang of ['fi', 'sv']) assert.deepEqual(Object.keys(messages[lang]).sort(), english, `${lang} has the same keys as en`);
});

test('every message has text, and the same placeholders in every language, each one used', () => {
  for (const [key, entry] of Object.entries(messages.en)) {
    for (const lang of LANGUAGES) {
      const message = messages[lang][key];
      assert.ok(typeof message.message === 'string' && message.message.trim() !== '', `${lang}/${key} has text`);
      assert.equal(placeholdersOf(message), placeholdersOf(entry), `${lang}/${key} has en's placeholders`);
      const named = new Set([...message.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1].toLowerCase()));
      assert.deepEqual([...named].sort(), Object.keys(message.placeholders ?? {}).map((name) => name.toLowerCase()).sort(), `${lang}/${key} uses exactly its placeholders`);
    }
  }
});

test('every key the extension uses exists', () => {
  const used = usedKeys();
  assert.ok(used.size > 40, `found the keys in use (${used.size})`);
  const dynamic = dynamicKeyValues();
  const missing = [];
  for (const [key, where] of used) {
    if (key.includes('*')) {
      const values = dynamic[key];
      if (!values) {
        missing.push(`${key} (built at run time in ${where[0]}: add its values to dynamicKeyValues())`);
        continue;
      }
      for (const value of values) {
        const parts = Array.isArray(value) ? value : [value];
        let index = 0;
        const concrete = key.replace(/\*/g, () => parts[index++]);
        if (!(concrete in messages.en)) missing.push(`${concrete} (${where[0]})`);
      }
    } else if (!(key in messages.en)) {
      missing.push(`${key} (${where.join(', ')})`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the popup has no text of its own: every visible string is translated', () => {
  const html = readFileSync(join(EXTENSION, 'popup', 'popup.html'), 'utf8');
  const text = html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&\w+;/g, ' ')
    .trim();
  assert.equal(text, '', 'text in popup.html outside data-i18n');
});

test('no script writes HTML from strings: finding texts go in with textContent', () => {
  for (const path of sources.filter((p) => extname(p) === '.js')) {
    assert.doesNotMatch(readFileSync(path, 'utf8'), /\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write/, relative('.', path));
  }
});
