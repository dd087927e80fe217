// What the built extension (dist/) may ask for and load. Guidepost reads exactly the text people
// are nervous about, so it asks for no more than it needs: `storage`, plus what a feature listed
// in the README's "Permissions" section justifies; content scripts on the three sites and nowhere
// else; and no code, style or image from anywhere but its own package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';

const DIST = resolve(process.env.GUIDEPOST_DIST ?? 'dist');
const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));

/** The sites Guidepost runs on from the start, as match patterns; a content script or host permission may name only these. */
const SITES = ['https://x.com/*', 'https://www.linkedin.com/*', 'https://www.facebook.com/*', 'https://bsky.app/*', 'https://www.threads.com/*'];

/**
 * What may be asked for at run time, one origin at a time and only after a person chose it
 * (Mastodon servers, extension/servers.js): https pages, and only where the README justifies it.
 */
const OPTIONAL_HOSTS = ['https://*/*'];

/**
 * Permissions the README justifies: the "- `name`: why" bullets of its "## Permissions" section.
 * `storage` is always allowed (settings, and ignored findings as hashes).
 */
function justifiedPermissions() {
  const readme = readFileSync(resolve('README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Permissions'));
  const named = section ? [...section.matchAll(/^[-*] `([a-zA-Z._]+)`\s*[:—–-]\s*\S/gm)].map((m) => m[1]) : [];
  return new Set(['storage', ...named]);
}

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const TEXT_FILES = filesUnder(DIST).filter((path) => ['.js', '.mjs', '.html', '.css', '.json'].includes(extname(path)));

test('permissions: storage, and only what the README justifies', () => {
  const allowed = justifiedPermissions();
  for (const key of ['permissions', 'optional_permissions']) {
    for (const permission of manifest[key] ?? []) {
      assert.ok(allowed.has(permission), `${key} asks for "${permission}", which the README's Permissions section does not justify`);
    }
  }
});

test('hosts: the three sites, nothing broader; other https origins only on request, with the README saying why', () => {
  const optional = manifest.optional_host_permissions ?? [];
  for (const pattern of optional) assert.ok(OPTIONAL_HOSTS.includes(pattern), `optional host "${pattern}" reaches beyond ${OPTIONAL_HOSTS.join(', ')}`);
  if (optional.length) assert.ok(justifiedPermissions().has('optional_host_permissions'), "optional_host_permissions is not justified in the README's Permissions section");
  const patterns = [
    ...(manifest.host_permissions ?? []),
    // MV2-style host patterns mixed into permissions.
    ...[...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])].filter((p) => p.includes(':') || p.includes('/') || p === '<all_urls>'),
    ...(manifest.content_scripts ?? []).flatMap((script) => [...(script.matches ?? []), ...(script.include_globs ?? [])]),
    ...(manifest.web_accessible_resources ?? []).flatMap((entry) => entry.matches ?? []),
  ];
  for (const pattern of patterns) assert.ok(SITES.includes(pattern), `"${pattern}" reaches beyond ${SITES.join(', ')}`);
  assert.ok((manifest.content_scripts ?? []).every((script) => !script.all_frames && !script.match_about_blank && !script.match_origin_as_fallback), 'content scripts run in the top frame of the three sites only');
  assert.equal(manifest.externally_connectable, undefined, 'no web page or other extension may message Guidepost');
});

test('no remote code: a strict CSP, local scripts only, no update URL', () => {
  const csp = manifest.content_security_policy?.extension_pages ?? '';
  for (const source of csp.split(';').flatMap((directive) => directive.trim().split(/\s+/).slice(1))) {
    assert.ok(["'self'", "'wasm-unsafe-eval'", "'none'"].includes(source), `extension_pages CSP allows ${source}`);
  }
  assert.equal(manifest.content_security_policy?.sandbox, undefined, 'no sandboxed pages (they may load remote code)');
  assert.equal(manifest.update_url, undefined, 'updates come from the store, not a URL of ours');
  const local = [
    manifest.background?.service_worker,
    ...(manifest.background?.scripts ?? []),
    manifest.action?.default_popup,
    manifest.options_page,
    manifest.options_ui?.page,
    ...(manifest.content_scripts ?? []).flatMap((script) => [...(script.js ?? []), ...(script.css ?? [])]),
  ].filter(Boolean);
  for (const file of local) {
    assert.doesNotMatch(file, /^[a-z-]+:|^\/\//i, `${file} is not a file in the package`);
    assert.ok(existsSync(join(DIST, file)), `${file} is named in the manifest but not in dist/`);
  }
});

/** Places where a URL makes the browser load code, a style or an image, or send something. */
const LOADERS = [
  /<script[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?\/\//i,
  /<link[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?\/\//i,
  /<(?:img|iframe|embed|object|source|audio|video)[^>]*\b(?:src|data)\s*=\s*["']?\s*(?:https?:)?\/\//i,
  /\bimportScripts\s*\([^)]*["'`]\s*(?:https?:)?\/\//,
  /\bimport\s*\(\s*["'`]\s*(?:https?:)?\/\//,
  /\bfrom\s*["'`]\s*(?:https?:)?\/\//,
  /\b(?:fetch|sendBeacon|EventSource|WebSocket|Worker|SharedWorker)\s*\(\s*["'`]\s*(?:https?:|wss?:)?\/\//,
  /\.open\s*\(\s*["'`][A-Z]+["'`]\s*,\s*["'`]\s*(?:https?:)?\/\//,
  /@import\s+(?:url\()?\s*["']?\s*(?:https?:)?\/\//i,
  /\burl\(\s*["']?\s*(?:https?:)?\/\//i,
];

/** Hosts whose URLs may appear as text (links shown to people), never loaded. */
const DOCUMENTATION_HOSTS = ['www.helsinki.fi', 'helsinki.fi', 'doi.org', 'www.w3.org'];

test('no file in dist/ loads anything from the network', () => {
  const problems = [];
  for (const path of TEXT_FILES) {
    const text = readFileSync(path, 'utf8');
    const name = relative(DIST, path);
    for (const loader of LOADERS) {
      const found = text.match(loader);
      if (found) problems.push(`${name}: loads from the network: ${found[0]}`);
    }
    if (name === 'manifest.json') continue;
    for (const [url, host] of text.matchAll(/\b(?:https?|wss?):\/\/([^/\s"'`)<>]+)/g)) {
      if (!DOCUMENTATION_HOSTS.includes(host.toLowerCase())) problems.push(`${name}: names ${url}, a host that is not documentation`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the test sees what it must: dist/ holds the scripts it scans', () => {
  // Guards against scanning an empty or wrong directory and passing by accident.
  const names = TEXT_FILES.map((path) => relative(DIST, path));
  for (const expected of ['manifest.json', 'background.js', 'guidepost.js', 'content.js', 'popup/popup.js', 'popup/popup.html']) {
    assert.ok(names.includes(expected), `${expected} is not in ${DIST}`);
  }
});

test('store rules: the version comes from Cargo.toml, names and descriptions fit the stores in every locale', () => {
  const cargoVersion = readFileSync(resolve('Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.equal(manifest.version, cargoVersion, 'dist/manifest.json carries the version from Cargo.toml, its one place');
  assert.equal(JSON.parse(readFileSync(resolve('manifest.json'), 'utf8')).version, undefined, 'the source manifest names no version of its own');
  // The Chrome Web Store rejects a package whose name is over 75 or description over 132
  // characters, in any locale; short_name is shown where space is short (12).
  assert.ok(manifest.short_name.length <= 12, `short_name "${manifest.short_name}" is over 12 characters`);
  const locales = readdirSync(join(DIST, '_locales'));
  assert.deepEqual(locales.sort(), ['en', 'fi', 'sv']);
  for (const locale of locales) {
    const messages = JSON.parse(readFileSync(join(DIST, '_locales', locale, 'messages.json'), 'utf8'));
    const name = messages.extName.message;
    const description = messages.extDescription.message;
    assert.ok(name.length <= 75, `${locale}: the name is ${name.length} characters, over 75`);
    assert.ok(description.length <= 132, `${locale}: the description is ${description.length} characters, over 132`);
  }
});
