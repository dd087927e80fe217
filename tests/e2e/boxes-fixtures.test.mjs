// The reply, quote, thread, comment and group boxes of the fixtures (tests/e2e/boxes.mjs), with
// no extension loaded: each is its site's real editor, typing leaves exactly the typed text in the
// editor's own state, its own send control sends that box and only that box, the interface is in
// English, Finnish or Swedish as asked, and nothing breaks the strict CSP or leaves the machine.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { launchBrowser } from './harness.mjs';
import { BOXES, LANGUAGES, boxText, openBox, sendLabel, sent, typeIntoBox } from './boxes.mjs';

const TEXT = 'Hei 👋 Väänänen!\nToinen rivi';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(() => browser?.close());

for (const box of BOXES) {
  describe(box.id, () => {
    test('typing leaves the text in the editor’s state; its own control sends this box only', async () => {
      const page = await openBox(browser.context, box);
      assert.equal(await boxText(page, box), '');
      await typeIntoBox(page, box, TEXT);
      assert.equal(await boxText(page, box), TEXT);
      assert.deepEqual(await sent(page), [], 'a new line sent nothing');
      if (box.threadIndex) {
        // Post all needs every post of the thread written.
        await page.locator('[data-testid="tweetTextarea_0"]').click();
        await page.keyboard.type('Ensimmäinen');
      }
      await page.locator(box.send).click();
      const expected = box.threadIndex ? [{ box: 'tweetTextarea_0', text: 'Ensimmäinen' }, { box: box.text, text: TEXT }] : [{ box: box.text, text: TEXT }];
      assert.deepEqual(await sent(page), expected);
      assert.deepEqual(await page.evaluate(() => window.__fixture.cspViolations), []);
      await page.close();
    });

    for (const lang of LANGUAGES) {
      test(`in ${lang}: the send control says ${box.label[lang]}`, async () => {
        const page = await openBox(browser.context, box, lang);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        if (box.threadIndex) assert.equal(await page.locator('[role="textbox"]').count(), box.threadIndex + 1);
        assert.equal(await sendLabel(page, box), box.label[lang]);
        await page.close();
      });
    }
  });
}

for (const box of BOXES.filter((b) => b.enterSends)) {
  test(`${box.id}: Enter sends, Shift+Enter adds a line`, async () => {
    const page = await openBox(browser.context, box);
    await typeIntoBox(page, box, 'one\ntwo');
    assert.deepEqual(await sent(page), []);
    await page.keyboard.press('Enter');
    assert.deepEqual(await sent(page), [{ box: box.text, text: 'one\ntwo' }]);
    assert.equal(await boxText(page, box), 'one\ntwo', 'Enter added no line');
    await page.close();
  });
}

test('no request left the machine, and nothing went wrong on any page', () => {
  assert.deepEqual(browser.strayRequests(), []);
  assert.deepEqual(browser.problems, []);
});
