import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { createTestBot, type TestBot } from '@botpy/testing';
import { tagWatcherBot } from '../src/bot.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// The developer's view: the emulator's browser page posts a question ("Post a question" in the
// sidebar), and the tag-watcher bot's report shows up in the room on the same page.
const browserIt = existsSync(CHROMIUM) ? it : it.skip;
if (!existsSync(CHROMIUM)) console.warn(`browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

describe('examples/tag-watcher in the emulator browser page', () => {
  let bot: TestBot;
  let browser: Browser | undefined;
  beforeAll(async () => {
    bot = await createTestBot({ ...tagWatcherBot, seEmulator: { questionsPerSite: 20 } });
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  browserIt('a question posted through the page is reported in the room, live on the page', async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage();
    await page.goto(`${bot.emulator.origin}/emulator`);
    await page.waitForSelector('#room-list li.current');
    await page.waitForFunction("document.querySelector('#feed-state').textContent === 'live'");
    await page.selectOption('#user-switcher', '2');
    await page.click('#se-post summary');
    await page.fill('#q-title', 'How do I narrow a union & keep <T>?');
    await page.fill('#q-tags', 'typescript generics');
    await page.click('#q-post');
    await page.waitForFunction("/Posted question \\d+ on stackoverflow/.test(document.querySelector('#status').textContent)");
    const id = Number(/Posted question (\d+)/.exec((await page.textContent('#status')) ?? '')![1]);
    await page.waitForFunction("document.querySelector('#transcript').textContent.includes('New question')", undefined, { timeout: 10_000 });
    expect(await page.textContent('#transcript')).toContain('New question: How do I narrow a union & keep <T>?');
    const stored = bot.room(1).transcript().filter((m) => m.text.includes(`/questions/${id}/`));
    expect(stored.map((m) => m.text)).toEqual([`[tag:typescript] [tag:generics] New question: [How do I narrow a union & keep <T>?](https://stackoverflow.com/questions/${id}/how-do-i-narrow-a-union-keep-t) by Bob`]);
  });
});
