// The wasm boundary, tested on the same .wasm the extension ships (with Node glue from
// wasm-bindgen; ./build.sh makes both). Offsets must be UTF-16 code units, results plain objects,
// and failures real JS Errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Checker } = require('../../target/bindgen/node/guidepost.js');

test('check returns plain objects with UTF-16 spans, even after emoji and combining marks', () => {
  const checker = new Checker({});
  // 👩‍🔬 is 5 code points / 8 UTF-16 units; 🇫🇮 is 2 / 4; "é" is e + U+0301.
  const text = '👩‍🔬 Cafe\u0301 🇫🇮 henkilötunnus 131052-308T.';
  const [finding] = checker.check(text);
  assert.equal(Object.getPrototypeOf(finding), Object.prototype);
  assert.equal(text.slice(finding.start, finding.end), '131052-308T');
  assert.equal(finding.text, '131052-308T');
  assert.equal(finding.rule, 'finnish-id');
  assert.equal(finding.category, 'personal-id');
  assert.equal(finding.severity, 'stop');
  assert.equal(finding.scope, 'span');
  assert.deepEqual(finding.cues, []);
  assert.equal(finding.guideline.id, 'personal-data');
  assert.deepEqual(finding.fixes, [{ kind: 'mask', replacement: '•••••••••••', safe: true }]);
});

test('messages follow the chosen language', () => {
  const text = 'hetu 131052-308T';
  const english = new Checker({ messages: 'en' }).check(text)[0];
  const finnish = new Checker({ messages: 'fi' }).check(text)[0];
  const swedish = new Checker({ messages: 'sv' }).check(text)[0];
  assert.match(english.message, /identity code/);
  assert.match(finnish.message, /henkilötunnus/);
  assert.match(swedish.message, /personbeteckning/);
});

test('bad options and bad packs are JS Errors with a message', () => {
  assert.throws(() => new Checker({ colour: 'red' }), (error) => error instanceof Error && /unknown field `colour`/.test(error.message));
  assert.throws(() => new Checker({ messages: 'de' }), (error) => error instanceof Error && /unknown variant `de`/.test(error.message));
  assert.throws(() => new Checker({ pack: '[pack]\nid = 3' }), (error) => error instanceof Error && /^custom pack:2:/.test(error.message));
});

test('guidelines lists the pack in the chosen language', () => {
  const guidelines = new Checker({ messages: 'sv' }).guidelines();
  assert.equal(guidelines.id, 'helsinki');
  assert.match(guidelines.name, /Helsingfors universitet/);
  assert.ok(guidelines.sections.length >= 6);
  assert.ok(guidelines.rules.some((rule) => rule.id === 'finnish-id' && rule.category === 'personal-id'));
});

test('help gives what the pack tells staff, in the message language', () => {
  const help = new Checker({ messages: 'fi' }).help();
  assert.match(help.harassed, /^Älä vastaa hyökkäykseen hyökkäyksellä/);
  assert.match(help.contacts, /Flamma-intranetissä/);
  assert.deepEqual(help.intranet, { name: 'Flamma', url: 'https://flamma.helsinki.fi/' });
  assert.deepEqual(Object.keys(help.tips), ['researcher', 'teacher', 'supervisor', 'communications']);
  assert.match(help.tips.teacher[0], /^Opiskelijoiden nimet/);
  assert.ok(Object.values(help.tips).every((tips) => tips.length === 3));
});

test('advice about the whole post says so: scope "post"', () => {
  const findings = new Checker().check('Our new paper is out: https://doi.org/10.1038/s41586-020-2649-2 🎉');
  assert.deepEqual(findings.map((f) => [f.rule, f.scope, f.text]), [['university-hashtag', 'post', 'Our new paper']]);
});

test('a clean post gives an empty array', () => {
  assert.deepEqual(new Checker().check('Our new paper is out: https://doi.org/10.1038/s41586-020-2649-2 🎉 #UniHelsinki'), []);
});

test('the draft says where it is written: a heated reply or comment gets the advice once, a new post does not', () => {
  const checker = new Checker({});
  const text = "Honestly, you're a moron. Mikä säälittävä idiootti.";
  const advice = (draft) => checker.check(text, draft).filter((f) => f.rule === 'heated-reply');
  assert.deepEqual(advice(undefined), []);
  assert.deepEqual(advice({ context: 'post' }), []);
  for (const context of ['reply', 'comment']) {
    const found = advice({ context });
    assert.equal(found.length, 1, context);
    assert.equal(found[0].scope, 'post');
    assert.equal(found[0].text, "you're a moron", 'the first attack prompted it');
  }
});

test('the draft says what is attached: people in a post with a photo need consent; an undescribed image gets the alt-text tip', () => {
  const checker = new Checker({});
  const text = 'Great day with the students at Kumpula!';
  const rules = (draft) => checker.check(text, draft).map((f) => f.rule);
  assert.ok(!rules({}).includes('photo-attached-consent'), 'no attachment, no photo words: quiet');
  assert.ok(rules({ attachments: 1 }).includes('photo-attached-consent'));
  assert.ok(!rules({ attachments: 1 }).includes('missing-alt-text'));
  assert.ok(rules({ attachments: 1, missingAlt: 1 }).includes('missing-alt-text'));
});

test('a bad draft is a JS Error with a message', () => {
  const checker = new Checker({});
  assert.throws(() => checker.check('hi', { context: 'dm' }), (error) => error instanceof Error && /^invalid draft: .*unknown variant `dm`/.test(error.message));
  assert.throws(() => checker.check('hi', { image: 'x' }), (error) => error instanceof Error && /^invalid draft: unknown field `image`/.test(error.message));
});
