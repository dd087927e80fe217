// `./build.sh release`: the store packages from dist/, each validated, and the store listing.
//   release/guidepost-<version>-chrome.zip     for the Chrome Web Store
//   release/guidepost-<version>-firefox.xpi    for addons.mozilla.org (built and linted by web-ext)
//   release/store/<lang>/listing.txt            name, summary and description (docs/store/listing.json)
//   release/store/<lang>/screenshot-<n>.png     1280x800: the card, the pre-post check and the popup in
//                                               that language, taken with the browser tests' harness
//   release/store/icon-128.png, release/privacy.md
// A package that breaks a store's rules fails the step with what is wrong; nothing is uploaded.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { SITES } from '../e2e/harness.mjs';
import { changeSettings, hoverFinding, launchGuidepost, openPopup, openWithPost, uiButton, waitForDialog } from '../e2e/guidepost.mjs';

const DIST = resolve('dist');
const OUT = resolve('release');
const LANGS = ['en', 'fi', 'sv'];
/** The Chrome Web Store's screenshot size, and which of the tests' screenshots each one shows. */
const STORE_SIZE = { width: 1280, height: 800 };
const SHOTS = ['card', 'prepost', 'popup'];
/** The networks Guidepost runs on: the store listing and the privacy policy name each, in each language. */
const NETWORKS = { X: /\bX\b|\bx\.com\b/, LinkedIn: /LinkedIn/i, Facebook: /Facebook/i, Bluesky: /Bluesky/i, Threads: /Threads/i, Mastodon: /Mastodon/i };
const unnamed = (text) => Object.keys(NETWORKS).filter((name) => !NETWORKS[name].test(text));
/** Limits of the stores' listing fields, in characters. */
const LIMITS = { summary: 250, description: 16000 };

const problems = [];
const problem = (message) => problems.push(message);

function filesUnder(dir, base = dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, base) : [path.slice(base.length + 1)];
  });
}

/** Zips `dir`'s contents (not the folder itself) into `zip`, with Python's zipfile, as build.sh does. */
function zipContents(dir, zip) {
  execFileSync('python3', ['-m', 'zipfile', '-c', zip, ...readdirSync(dir)], { cwd: dir });
}

/** Unpacks `zip` into a new temporary folder and returns it. */
function unzip(zip) {
  const dir = mkdtempSync(join(tmpdir(), 'guidepost-release-'));
  execFileSync('python3', ['-m', 'zipfile', '-e', zip, dir]);
  return dir;
}

/** What a store checks of a package: the manifest at its root, every file it names inside it. */
function validatePackage(zip, expectedVersion) {
  const dir = unzip(zip);
  try {
    const manifestPath = join(dir, 'manifest.json');
    if (!existsSync(manifestPath)) return problem(`${zip}: no manifest.json at the root`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.version !== expectedVersion) problem(`${zip}: version ${manifest.version}, expected ${expectedVersion} (Cargo.toml)`);
    if (!/^\d+(\.\d+){0,3}$/.test(manifest.version ?? '')) problem(`${zip}: "${manifest.version}" is not a store version (1 to 4 dot-separated numbers)`);
    const named = [
      manifest.background?.service_worker,
      ...(manifest.background?.scripts ?? []),
      manifest.action?.default_popup,
      ...Object.values(manifest.icons ?? {}),
      ...Object.values(manifest.action?.default_icon ?? {}),
      ...(manifest.content_scripts ?? []).flatMap((script) => [...(script.js ?? []), ...(script.css ?? [])]),
      manifest.storage?.managed_schema,
    ].filter(Boolean);
    for (const file of named) if (!existsSync(join(dir, file))) problem(`${zip}: the manifest names ${file}, which is not in the package`);
    for (const lang of LANGS) {
      const messages = join(dir, '_locales', lang, 'messages.json');
      if (!existsSync(messages)) problem(`${zip}: no _locales/${lang}/messages.json`);
    }
    const stray = filesUnder(dir).filter((file) => /(^|\/)\.|\.map$|\.ts$|node_modules/.test(file));
    if (stray.length) problem(`${zip}: holds files a store package should not: ${stray.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function lint(sourceDir) {
  try {
    execFileSync('npx', ['--no-install', 'web-ext', 'lint', '--source-dir', sourceDir, '--no-config-discovery', '--output', 'json'], {
      env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (error) {
    // web-ext exits non-zero on errors; its JSON report is on stdout either way.
    if (!error.stdout) throw error;
    const report = JSON.parse(error.stdout.toString());
    for (const found of report.errors ?? []) problem(`web-ext lint: ${found.code}: ${found.message} (${found.file ?? ''})`);
    if (!(report.errors ?? []).length) throw error;
  }
}

/** A post with three Stop findings, in each language, for the screenshots. */
const POSTS = {
  en: 'Great workshop today! Slides: https://sci-hub.se/10.1038/s41586-020-2649-2\nLab wifi password is Tiger#99\nStudent ID for the form: 131052-308T',
  fi: 'Hieno työpaja tänään! Kalvot: https://sci-hub.se/10.1038/s41586-020-2649-2\nLabran wifin salasana on Tiger#99\nOpiskelijan henkilötunnus lomakkeeseen: 131052-308T',
  sv: 'Bra workshop i dag! Bilderna: https://sci-hub.se/10.1038/s41586-020-2649-2\nLabbets wifi-lösenord är Tiger#99\nStudentens personbeteckning till blanketten: 131052-308T',
};

/** The card, the pre-post dialog and the popup in each language, taken the way the browser tests take the README's. */
async function rawScreenshots() {
  const browser = await launchGuidepost();
  const shots = {};
  try {
    for (const lang of LANGS) {
      await changeSettings(browser, { language: lang });
      const page = await openWithPost(browser, 'x', POSTS[lang]);
      const popup = await openPopup(browser, page);
      await popup.setViewportSize({ width: 380, height: 120 });
      await popup.click('#tab-guidelines');
      const popupShot = await popup.screenshot({ fullPage: true, animations: 'disabled', caret: 'hide' });
      await popup.close();
      await page.setViewportSize({ width: 900, height: 520 });
      await hoverFinding(page, '131052-308T', 'finnish-id');
      const cardShot = await page.screenshot({ animations: 'disabled', caret: 'hide' });
      await page.mouse.move(1, 1);
      await page.locator(SITES.x.postButton).click();
      await waitForDialog(page);
      const prepostShot = await page.screenshot({ animations: 'disabled', caret: 'hide' });
      await uiButton(page, 'edit').click();
      await page.close();
      shots[lang] = { card: cardShot, prepost: prepostShot, popup: popupShot };
    }
    if (browser.strayRequests().length) problem(`a request left the browser while taking screenshots: ${JSON.stringify(browser.strayRequests())}`);
  } finally {
    await browser.close();
  }
  return shots;
}

/** One 1280x800 store image per screenshot and language: the screenshot on a quiet background, its caption above. */
async function storeImages(listing, shots) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: STORE_SIZE });
    for (const lang of LANGS) {
      for (const [index, shot] of SHOTS.entries()) {
        const image = shots[lang][shot].toString('base64');
        await page.setContent(`<!doctype html><html lang="${lang}"><body style="margin:0;width:1280px;height:800px;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:28px;background:#eef2f6;font:600 34px system-ui,sans-serif;color:#1d2733"><p id="caption" style="margin:0;max-width:1100px;text-align:center"></p><img style="max-width:1140px;max-height:640px;border-radius:12px;box-shadow:0 8px 32px #0003" src="data:image/png;base64,${image}"></body></html>`);
        // The caption is text, never markup.
        await page.locator('#caption').evaluate((node, text) => { node.textContent = text; }, listing[lang].captions[shot]);
        await page.locator('img').evaluate((img) => img.decode());
        await page.screenshot({ path: join(OUT, 'store', lang, `screenshot-${index + 1}.png`) });
      }
    }
  } finally {
    await browser.close();
  }
}

function pngSize(path) {
  const header = readFileSync(path).subarray(16, 24);
  return { width: header.readUInt32BE(0), height: header.readUInt32BE(4) };
}

const version = readFileSync(resolve('Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const listing = JSON.parse(readFileSync(resolve('docs/store/listing.json'), 'utf8'));
rmSync(OUT, { recursive: true, force: true });
for (const lang of LANGS) mkdirSync(join(OUT, 'store', lang), { recursive: true });

lint(DIST);
const chromeZip = join(OUT, `guidepost-${version}-chrome.zip`);
zipContents(DIST, chromeZip);
validatePackage(chromeZip, version);

execFileSync('npx', ['--no-install', 'web-ext', 'build', '--source-dir', DIST, '--artifacts-dir', OUT, '--filename', `guidepost-${version}-firefox.xpi`, '--overwrite-dest', '--no-config-discovery'], {
  env: { ...process.env, NO_UPDATE_NOTIFIER: '1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const firefoxXpi = join(OUT, `guidepost-${version}-firefox.xpi`);
validatePackage(firefoxXpi, version);
const unpackedXpi = unzip(firefoxXpi);
try {
  lint(unpackedXpi);
} finally {
  rmSync(unpackedXpi, { recursive: true, force: true });
}

for (const lang of LANGS) {
  const entry = listing[lang];
  if (!entry) { problem(`docs/store/listing.json has no "${lang}"`); continue; }
  const messages = JSON.parse(readFileSync(join(DIST, '_locales', lang, 'messages.json'), 'utf8'));
  for (const [field, limit] of Object.entries(LIMITS)) {
    if (!entry[field]?.trim()) problem(`docs/store/listing.json: ${lang}.${field} is empty`);
    else if (entry[field].length > limit) problem(`docs/store/listing.json: ${lang}.${field} is ${entry[field].length} characters, over ${limit}`);
  }
  for (const shot of SHOTS) if (!entry.captions?.[shot]?.trim()) problem(`docs/store/listing.json: ${lang}.captions.${shot} is empty`);
  for (const [where, text] of [[`docs/store/listing.json: ${lang}.summary`, entry.summary], [`docs/store/listing.json: ${lang}.description`, entry.description], [`extension/_locales/${lang}: extDescription`, messages.extDescription.message]]) {
    const missing = unnamed(text ?? '');
    if (missing.length) problem(`${where} does not name ${missing.join(', ')}`);
  }
  writeFileSync(join(OUT, 'store', lang, 'listing.txt'), `${messages.extName.message}\n\n${messages.extDescription.message}\n\n${entry.summary}\n\n${entry.description}\n`);
}
await storeImages(listing, await rawScreenshots());
for (const lang of LANGS) {
  for (let n = 1; n <= SHOTS.length; n += 1) {
    const size = pngSize(join(OUT, 'store', lang, `screenshot-${n}.png`));
    if (size.width !== STORE_SIZE.width || size.height !== STORE_SIZE.height) problem(`store/${lang}/screenshot-${n}.png is ${size.width}x${size.height}`);
  }
}
copyFileSync(join(DIST, 'icons', '128.png'), join(OUT, 'store', 'icon-128.png'));
// The policy's sections, one a language (## English, ## Suomi, ## Svenska), each name every network.
for (const section of readFileSync(resolve('docs/privacy.md'), 'utf8').split(/^## /m).slice(1)) {
  const missing = unnamed(section);
  if (missing.length) problem(`docs/privacy.md, ${section.split('\n')[0]}: does not name ${missing.join(', ')}`);
}
copyFileSync(resolve('docs/privacy.md'), join(OUT, 'privacy.md'));

if (problems.length) {
  console.error(`The release is not ready:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
for (const file of filesUnder(OUT)) console.log(`release/${file}`);
