// @ts-check
// Guidepost's settings: the one schema with its defaults, the migration of older stored forms, and
// how an organisation's managed policy is laid over the person's own choices. The service worker,
// the popup and the content script import this module, and the Node tests import it too, so there
// is exactly one place that knows what a setting is.
/**
 * The settings, one key per setting (SCHEMA).
 * @typedef {object} Values
 * @property {Record<string, boolean>} sites
 * @property {string[]} disabledCategories
 * @property {string[]} disabledRules
 * @property {import('./guidepost.js').Severity} minSeverity
 * @property {import('./guidepost.js').Role} role
 * @property {'auto' | import('./guidepost.js').Language} language
 * @property {boolean} prePostCheck
 */

/**
 * The settings with the organisation's policy laid over them (applyPolicy).
 * @typedef {object} Resolved
 * @property {Values} settings
 * @property {string[]} locked settings (and "sites.<id>") out of the person's hands
 * @property {string[]} forcedCategories
 * @property {string[]} confidentialTerms
 * @property {string | null} pack the organisation's guideline pack (TOML), if it has one
 * @property {string[]} errors
 */

export const SITES = ['x', 'linkedin', 'facebook', 'bluesky', 'threads'];
export const ROLES = ['researcher', 'teacher', 'supervisor', 'communications'];
export const SEVERITIES = ['tip', 'warn', 'stop'];
export const LANGUAGES = ['en', 'fi', 'sv'];

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
const oneOf = (choices) => (value) => (choices.includes(value) ? null : `must be one of ${choices.join(', ')}`);
const boolean = (value) => (typeof value === 'boolean' ? null : 'must be true or false');
const strings = (value) => (Array.isArray(value) && value.every((item) => typeof item === 'string') ? null : 'must be a list of strings');
const siteMap = (value) =>
  isObject(value) && Object.entries(value).every(([site, on]) => SITES.includes(site) && typeof on === 'boolean')
    ? null
    : `must map ${SITES.join(', ')} to true or false`;

/**
 * Every setting, its default and its check (null when the value is fine, else what is wrong).
 * Stored in chrome.storage.sync one key per setting, so two devices changing different settings
 * never overwrite each other.
 */
export const SCHEMA = {
  /** Sites Guidepost runs on; on a site that is off it does nothing at all. */
  sites: { default: { x: true, linkedin: true, facebook: true, bluesky: true, threads: true }, check: siteMap },
  /** Categories of findings the person turned off (category ids, e.g. "tip"). */
  disabledCategories: { default: [], check: strings },
  /** Rules turned off with "Turn off this rule" (rule ids). */
  disabledRules: { default: [], check: strings },
  /** Findings below this severity are not shown. */
  minSeverity: { default: 'tip', check: oneOf(SEVERITIES) },
  /** Who is writing: some advice depends on it. */
  role: { default: 'researcher', check: oneOf(ROLES) },
  /** The language of Guidepost's own text and of the rule messages; "auto" follows the browser. */
  language: { default: 'auto', check: oneOf(['auto', ...LANGUAGES]) },
  /** Hold a post that still has a `stop` finding and ask first. */
  prePostCheck: { default: true, check: boolean },
};

/** Where the stored form's version is kept, beside the settings. */
export const VERSION_KEY = 'settingsVersion';

/** Rule ids that a later version renamed, old id to new, so that a rule turned off stays off. */
export const RENAMED_RULES = { 'url-credentials': 'userinfo-link' };

/** `disabledRules` with the renamed ids under their new names, each once. */
const renameRules = (ids) => [...new Set(ids.map((id) => (Object.hasOwn(RENAMED_RULES, id) ? RENAMED_RULES[id] : id)))];

/**
 * Steps from one stored version to the next, oldest first. A step renames keys (`rename:
 * { old: new }`, the value moves over unchanged) and may then reshape values (`change(items)`
 * returns the new items). A renamed setting is carried over, never dropped.
 */
export const MIGRATIONS = [
  {
    // Version 2: the rule `url-credentials` became `userinfo-link` (a link with a user part
    // before the @ is a suspicious link, not a credential). A value that is not a list of
    // strings is left for the schema's check to refuse.
    change: (items) =>
      strings(items.disabledRules) === null && items.disabledRules.some((id) => Object.hasOwn(RENAMED_RULES, id)) ? { disabledRules: renameRules(items.disabledRules) } : {},
  },
];
/** The stored form this code writes. */
export const VERSION = MIGRATIONS.length + 1;

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** @returns {Values} */
export function defaults() {
  return /** @type {Values} */ (Object.fromEntries(Object.entries(SCHEMA).map(([name, spec]) => [name, clone(spec.default)])));
}

/** A site map with every site present (a stored map may name only some). */
const completeSites = (value) => ({ ...SCHEMA.sites.default, ...value });

/**
 * Reads what chrome.storage.sync holds. Returns the settings (defaults where nothing valid is
 * stored), and what to write back and remove so the stored form is the current version. Keys this
 * version does not know are left alone: a newer version on another device may have written them.
 */
export function migrate(stored, migrations = MIGRATIONS) {
  const version = migrations.length + 1;
  const items = { ...stored };
  // Settings stored before the version key existed are version 1, the first stored form.
  const from = Number.isInteger(items[VERSION_KEY]) ? items[VERSION_KEY] : 1;
  const write = {};
  const remove = [];
  // MIGRATIONS[i] takes version i + 1 to version i + 2.
  for (const step of migrations.slice(Math.max(0, from - 1))) {
    for (const [old, renamed] of Object.entries(step.rename ?? {})) {
      if (!(old in items)) continue;
      if (!(renamed in items)) {
        items[renamed] = items[old];
        write[renamed] = items[old];
      }
      delete items[old];
      remove.push(old);
    }
    for (const [name, value] of Object.entries(step.change?.(items) ?? {})) {
      items[name] = value;
      write[name] = value;
    }
  }
  const storedSomething = Object.keys(items).some((key) => key !== VERSION_KEY);
  if (storedSomething && items[VERSION_KEY] !== version) write[VERSION_KEY] = version;
  const errors = [];
  const values = defaults();
  for (const [name, spec] of Object.entries(SCHEMA)) {
    if (!(name in items)) continue;
    const problem = spec.check(items[name]);
    if (problem) errors.push(`stored setting \`${name}\` ${problem}; using the default`);
    else values[name] = clone(items[name]);
  }
  values.sites = completeSites(values.sites);
  return { values, write, remove, errors };
}

/**
 * Checks a change the person asks for against the schema and the locks: { changes } to store, or
 * { error }. `sites` may name only some sites; the others keep their stored (`own`) value.
 */
export function validateChanges(changes, locked = [], own = defaults()) {
  if (!isObject(changes)) return { error: 'changes must be an object' };
  const out = {};
  for (const [name, value] of Object.entries(changes)) {
    const spec = SCHEMA[name];
    if (!spec) return { error: `unknown setting \`${name}\`` };
    const problem = spec.check(value);
    if (problem) return { error: `\`${name}\` ${problem}` };
    if (locked.includes(name)) return { error: `\`${name}\` is set by your organisation` };
    if (name === 'sites') {
      const site = Object.keys(value).find((id) => locked.includes(`sites.${id}`));
      if (site) return { error: `\`sites.${site}\` is set by your organisation` };
      out.sites = completeSites({ ...own.sites, ...value });
    } else {
      out[name] = clone(value);
    }
  }
  return { changes: out };
}

/** The keys an organisation may set through chrome.storage.managed (managed_schema.json). */
export const POLICY_KEYS = ['forceCategoriesOn', 'confidentialTerms', 'lockedSettings', 'guidelinePack', ...Object.keys(SCHEMA)];

/**
 * Lays the organisation's policy over the person's settings. Managed values win and are locked;
 * `lockedSettings` locks more settings at their current value; `forceCategoriesOn` keeps those
 * categories on whatever else says; `confidentialTerms` and `guidelinePack` go to the checker.
 * A bad policy value is left out with an error that says which key and why, never a crash.
 */
/**
 * @param {Values} values
 * @param {unknown} policy what chrome.storage.managed holds
 * @returns {Resolved}
 */
export function applyPolicy(values, policy) {
  const settings = clone(values);
  settings.sites = completeSites(settings.sites);
  const locked = new Set();
  const errors = [];
  const result = { settings, locked: [], forcedCategories: [], confidentialTerms: [], pack: null, errors };
  if (policy === undefined || policy === null) return result;
  if (!isObject(policy)) {
    errors.push('the policy must be an object; it was ignored');
    return result;
  }
  for (const [key, value] of Object.entries(policy)) {
    if (!POLICY_KEYS.includes(key)) {
      errors.push(`\`${key}\` is not a Guidepost policy key; it was ignored`);
      continue;
    }
    const spec = SCHEMA[key];
    if (spec) {
      const problem = spec.check(value);
      if (problem) {
        errors.push(`\`${key}\` ${problem}; it was ignored`);
      } else if (key === 'sites') {
        for (const [site, on] of Object.entries(value)) {
          settings.sites[site] = on;
          locked.add(`sites.${site}`);
        }
      } else {
        // A policy written for an older version may name a rule by its old id.
        settings[key] = key === 'disabledRules' ? renameRules(value) : clone(value);
        locked.add(key);
      }
      continue;
    }
    if (key === 'guidelinePack') {
      if (typeof value === 'string' && value.trim()) result.pack = value;
      else errors.push('`guidelinePack` must be the text of a guideline pack (TOML); it was ignored');
      continue;
    }
    const problem = strings(value);
    if (problem) {
      errors.push(`\`${key}\` ${problem}; it was ignored`);
    } else if (key === 'forceCategoriesOn') {
      result.forcedCategories = [...new Set(value)];
    } else if (key === 'confidentialTerms') {
      result.confidentialTerms = value.map((term) => term.trim()).filter(Boolean);
    } else if (key === 'lockedSettings') {
      for (const name of value) {
        if (SCHEMA[name]) locked.add(name);
        else errors.push(`\`lockedSettings\` names \`${name}\`, which is not a setting; it was ignored`);
      }
    }
  }
  if (result.forcedCategories.length) {
    settings.disabledCategories = settings.disabledCategories.filter((category) => !result.forcedCategories.includes(category));
  }
  result.locked = [...locked].sort();
  return result;
}

/** Whether a setting (or "sites.<id>", "categories.<id>") is out of the person's hands. */
/**
 * @param {{ locked: string[], forcedCategories: string[] }} resolved
 * @param {string} name
 */
export function isLocked(resolved, name) {
  if (resolved.locked.includes(name)) return true;
  if (name.startsWith('sites.')) return resolved.locked.includes('sites');
  if (name.startsWith('categories.')) return resolved.locked.includes('disabledCategories') || resolved.forcedCategories.includes(name.slice('categories.'.length));
  return false;
}

/** The language Guidepost speaks: the chosen one, or the browser's when we have it, else English. */
export function resolveLanguage(setting, browserLanguage) {
  if (LANGUAGES.includes(setting)) return setting;
  const browser = String(browserLanguage ?? '').slice(0, 2).toLowerCase();
  return LANGUAGES.includes(browser) ? browser : 'en';
}

/**
 * The wasm Checker's options for these settings, all known before the checker is built, so it is
 * built once. The checker keeps the rules of forced categories on itself, even those the person
 * turned off one by one; category ids it does not know (`categories`, the checker's own list) are
 * dropped, since it would refuse them.
 * @param {Resolved} resolved
 * @param {import('./guidepost.js').Language} language
 * @param {string[]} categories
 * @returns {import('./guidepost.js').CheckerOptions}
 */
export function checkerOptions(resolved, language, categories) {
  const { settings } = resolved;
  const known = (category) => categories.includes(category);
  const options = {
    messages: language,
    role: settings.role,
    minSeverity: settings.minSeverity,
    disabledCategories: settings.disabledCategories.filter(known),
    disabledRules: settings.disabledRules,
    forcedCategories: resolved.forcedCategories.filter(known),
    confidentialTerms: resolved.confidentialTerms,
  };
  if (resolved.pack) options.pack = resolved.pack;
  return options;
}
