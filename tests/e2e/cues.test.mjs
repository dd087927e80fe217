// The card says why a learned finding fired: "Why: “idiot”, “deserves”", the words that weighed
// most (Finding.cues), each set as text, the label in the person's language; a rule's finding has
// no cues and no such line, except a rule that underlines the whole sentence its words stand in
// (`underline = "sentence"`): its card names those words.
//
// Two parts:
// - the card itself, with a synthetic learned finding: a copy of dist/ whose checker adds one
//   (the seam robustness.test.mjs uses for a checker that fails), so this runs on any branch;
// - the real thing: LEARNED_POST through the shipped checker must give a finding with cues (from
//   main's learned layer, rule ids `learned-<category>`), and its card must show them. Without a
//   learned layer this FAILS, it does not skip: a post that should be explained and is not is a bug.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SITES } from './harness.mjs';
import { EXTENSION_DIR, changeSettings, hintChip, hoverFinding, inWorker, launchGuidepost, openWithPost, resetSettings, underlined, waitForCard } from './guidepost.mjs';

/** A post that main's learned layer flags (an insult the rules do not know), and the rules miss. */
const LEARNED_POST = 'That idiot from the physics department deserves to lose his job, and everyone knows it.';

/** The synthetic learned finding's text, its cues (one of them hostile markup), and a rule finding beside it. */
// Words no layer flags, so the synthetic finding is the only one there whatever the model learns.
const SYNTHETIC_FLAGGED = 'The seminar room has a new kettle';
const SYNTHETIC_CUES = ['seminar', 'kettle', '<img src=x onerror="window.__pwned=1">'];
const SYNTHETIC_POST = `${SYNTHETIC_FLAGGED}. Hetu 131052-308T.`;

/** A copy of dist/ whose checker adds a learned finding with cues wherever SYNTHETIC_FLAGGED stands. */
function distWithLearnedFinding() {
  const dir = mkdtempSync(join(tmpdir(), 'guidepost-cues-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const glue = join(dir, 'guidepost.js');
  const seam = `
(() => {
  const check = Checker.prototype.check;
  Checker.prototype.check = function (text) {
    const findings = check.call(this, text);
    const start = text.indexOf(${JSON.stringify(SYNTHETIC_FLAGGED)});
    if (start < 0) return findings;
    const end = start + ${SYNTHETIC_FLAGGED.length};
    findings.push({
      rule: 'learned-harassment', category: 'harassment', severity: 'warn', scope: 'span', start, end,
      text: text.slice(start, end), message: 'This reads as an insult (a learned finding, for the test).',
      guideline: { id: 'respect', title: 'Respectful tone and harassment', url: 'https://www.helsinki.fi/' },
      fixes: [], cues: ${JSON.stringify(SYNTHETIC_CUES)},
    });
    return findings.sort((a, b) => a.start - b.start);
  };
})();
`;
  writeFileSync(glue, `${readFileSync(glue, 'utf8')}\n${seam}`);
  return dir;
}

/** The visible card's "Why" line: { visible, text, cues, describedBy, imgs, live }. */
function whyLine(page) {
  return page.evaluate(() => {
    const root = document.querySelector('guidepost-ui').shadowRoot;
    const card = root.querySelector('.card');
    const why = card.querySelector('.cues');
    return {
      visible: Boolean(why?.checkVisibility()),
      text: why?.textContent ?? null,
      cues: [...(why?.querySelectorAll('.cue') ?? [])].map((node) => node.textContent),
      describedBy: card.getAttribute('aria-describedby'),
      imgs: root.querySelectorAll('img').length,
      live: root.querySelector('[aria-live]').textContent,
    };
  });
}

describe('the card shows the cues of a learned finding (synthetic finding)', () => {
  let browser;
  let dir;
  before(async () => {
    dir = distWithLearnedFinding();
    browser = await launchGuidepost({ extensionDir: dir });
  });
  after(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const site of Object.keys(SITES)) {
    test(`on ${site}: "Why:" and each cue as text for a learned finding, nothing of it for a rule's`, async () => {
      const page = await openWithPost(browser, site, SYNTHETIC_POST);
      assert.deepEqual(await underlined(page), { stop: ['131052-308T'], warn: [SYNTHETIC_FLAGGED], tip: [] });

      await hoverFinding(page, SYNTHETIC_FLAGGED, 'learned-harassment');
      const learned = await whyLine(page);
      assert.equal(learned.visible, true);
      assert.equal(learned.text, `Why: “seminar”, “kettle”, “<img src=x onerror="window.__pwned=1">”`);
      assert.deepEqual(learned.cues, SYNTHETIC_CUES.map((cue) => `“${cue}”`));
      assert.equal(learned.imgs, 0, 'a cue is text, never markup');
      assert.match(learned.describedBy, /guidepost-card-cues/, 'screen readers hear why');
      assert.match(learned.live, /Why: “seminar”/);

      await hoverFinding(page, '131052-308T', 'finnish-id');
      const rule = await whyLine(page);
      assert.equal(rule.visible, false, 'a rule finding has no "Why" line');
      assert.deepEqual(rule.cues, []);
      assert.doesNotMatch(rule.describedBy, /cues/);
      assert.equal(await page.evaluate(() => window.__pwned), undefined);
      await page.close();
    });
  }

  test('the label and the quotation marks follow the UI language', async () => {
    try {
      for (const [language, expected] of [['fi', 'Miksi: ”seminar”, ”kettle”'], ['sv', 'Varför: ”seminar”, ”kettle”']]) {
        await changeSettings(browser, { language });
        const page = await openWithPost(browser, 'x', SYNTHETIC_POST);
        await hoverFinding(page, SYNTHETIC_FLAGGED, 'learned-harassment');
        assert.ok((await whyLine(page)).text.startsWith(expected), `${language}: ${(await whyLine(page)).text}`);
        await page.close();
      }
    } finally {
      await resetSettings(browser);
    }
  });

  test('no request left the machine, and nothing went wrong on any page', () => {
    assert.deepEqual(browser.strayRequests(), []);
    assert.deepEqual(browser.problems, []);
  });
});

describe("the shipped checker explains a learned finding (needs main's learned layer)", () => {
  let browser;
  before(async () => {
    browser = await launchGuidepost();
  });
  after(() => browser?.close());

  for (const site of Object.keys(SITES)) {
    test(`on ${site}: LEARNED_POST gets a finding with cues, and its card shows each cue`, async () => {
      const page = await openWithPost(browser, site, LEARNED_POST);
      const findings = await inWorker(browser, async (text) => (await guidepostWorker.currentState()).checker.check(text), LEARNED_POST);
      const learned = findings.filter((f) => Array.isArray(f.cues) && f.cues.length > 0);
      assert.ok(
        learned.length > 0,
        `no finding with cues for ${JSON.stringify(LEARNED_POST)} (found: ${findings.map((f) => f.rule).join(', ') || 'nothing'}): the learned layer should flag it and say why`,
      );
      const [finding] = learned;
      assert.match(finding.rule, /^learned-/);
      if (finding.scope === 'post') {
        await hintChip(page, finding.rule).click();
        await waitForCard(page, finding.rule);
      } else {
        await hoverFinding(page, finding.text, finding.rule);
      }
      const why = await whyLine(page);
      assert.equal(why.visible, true, 'the card has its "Why" line');
      assert.ok(why.text.startsWith('Why: '), why.text);
      assert.deepEqual(why.cues, finding.cues.map((cue) => `“${cue}”`));
      await page.close();
    });
  }
});

/** A post whose sentence a rule underlines whole (`health-of-others`), naming the words it flagged. */
const SENTENCE_POST = 'Dr. Laaksonen is on sick leave until May.';

describe('a rule that underlines a whole sentence names the words that prompted it', () => {
  let browser;
  before(async () => {
    browser = await launchGuidepost();
  });
  after(() => browser?.close());

  for (const site of Object.keys(SITES)) {
    test(`on ${site}: the sentence is underlined and the card says "Why: “on sick leave”"`, async () => {
      const page = await openWithPost(browser, site, SENTENCE_POST);
      assert.deepEqual(await underlined(page), { stop: [], warn: [SENTENCE_POST], tip: [] });
      await hoverFinding(page, SENTENCE_POST, 'health-of-others');
      const why = await whyLine(page);
      assert.equal(why.visible, true);
      assert.equal(why.text, 'Why: “on sick leave”');
      await page.close();
    });
  }
});
