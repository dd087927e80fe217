// Every category of finding shows in the browser: one post per category, typed into the three
// real editors in turn, must be underlined exactly where the checker says, in its severity's style.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { launchBrowser, openSite, typeInto } from './harness.mjs';

const CASES = [
  { category: 'personal-id', text: 'Opiskelijan hetu on 131052-308T.', underlined: '131052-308T', severity: 'stop' },
  { category: 'contact-data', text: 'Soita minulle 040 718 2293 iltaisin.', underlined: '040 718 2293', severity: 'warn' },
  { category: 'financial', text: 'Tilinumero FI21 1234 5600 0007 85, kiitos!', underlined: 'FI21 1234 5600 0007 85', severity: 'stop' },
  { category: 'credentials', text: 'New lab wifi! Password: Summer2024!', underlined: 'Password: Summer2024!', severity: 'stop' },
  { category: 'confidential', text: 'Internal only: the draft budget for next year.', underlined: 'Internal only: the draft budget for next year.', severity: 'warn' },
  { category: 'third-party-personal', text: 'Dr. Laaksonen is on sick leave until May.', underlined: 'Dr. Laaksonen is on sick leave until May.', severity: 'warn' },
  { category: 'consent', text: 'Photos from the exam hall, look at the students!', underlined: 'Photos from the exam hall, look at the students!', severity: 'warn' },
  { category: 'suspicious-link', text: 'The workshop programme is at https://bit.ly/3xYzAbC.', underlined: 'https://bit.ly/3xYzAbC', severity: 'warn' },
  { category: 'piracy-link', text: 'Just get the paper at sci-hub.se today.', underlined: 'sci-hub.se', severity: 'stop' },
  { category: 'copyright', text: "Here's the full PDF of the new handbook.", underlined: 'full PDF of the', severity: 'warn' },
  { category: 'harassment', text: 'Careful, I know where you work.', underlined: 'I know where you work', severity: 'stop' },
  { category: 'incivility', text: 'Honestly, THIS IS ABSOLUTELY RIDICULOUS.', underlined: 'THIS IS ABSOLUTELY RIDICULOUS', severity: 'warn' },
  { category: 'opinion-as-research', text: 'Studies show that remote work kills creativity.', underlined: 'Studies show', severity: 'warn' },
  { category: 'internal-comm', text: 'Dear colleagues, coffee is served at ten.', underlined: 'Dear colleagues, coffee is served at ten.', severity: 'warn' },
  { category: 'tip', text: 'So proud of the team! #wearehelsinkiuni', underlined: '#wearehelsinkiuni', severity: 'tip' },
];
const SITES = ['x', 'linkedin', 'facebook'];

let browser;
before(async () => {
  browser = await launchBrowser({ extensionDir: resolve('dist') });
});
after(() => browser?.close());

CASES.forEach(({ category, text, underlined, severity }, index) => {
  const site = SITES[index % SITES.length];
  test(`${category} is underlined on ${site}`, async () => {
    const page = await openSite(browser.context, site);
    await typeInto(page, site, text);
    await page.waitForFunction(
      (length) => document.querySelector('guidepost-ui')?.dataset.checkedLength === String(length),
      text.length,
    );
    const marks = await page.evaluate(() =>
      Object.fromEntries(['stop', 'warn', 'tip'].map((s) => [s, [...(CSS.highlights.get(`guidepost-${s}`) ?? [])].map((r) => r.toString())])),
    );
    const expected = { stop: [], warn: [], tip: [] };
    expected[severity] = [underlined];
    assert.deepEqual(marks, expected);
    await page.close();
  });
});
