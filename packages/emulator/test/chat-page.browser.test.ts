import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ChatEmulator } from '@botpy/emulator';
import { newHttp } from './chat-kit.js';
import { CHROMIUM, CHROMIUM_ARGS, hasChromium, screenshotOnFailure } from './browser-kit.js';

/**
 * The browser chat page in a real chromium: layout that survives long words, chat's length limit,
 * times, edit/delete/star/pin, the room's users, the offline state and the bot inspector.
 */
const browserDescribe = hasChromium ? describe : describe.skip;
if (!hasChromium) console.warn(`chat page browser tests skipped: ${CHROMIUM} not found (apt-get install chromium)`);

browserDescribe('the chat page in a browser', () => {
  let emu: ChatEmulator;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    emu = await ChatEmulator.start({ policies: { throttle: null } });
    page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  });
  afterEach(async () => {
    await page?.close();
    await emu?.stop();
  });

  const open = async (userId = 2) => {
    await page.goto(`${emu.origin}/emulator`);
    await page.waitForSelector('#room-list li.current');
    await page.waitForFunction("document.querySelector('#feed-state').textContent === 'live'");
    await page.selectOption('#user-switcher', String(userId));
  };
  /** Everything still fits the window: nothing pushed off screen, no horizontal scrolling. */
  const layout = () =>
    page.evaluate<{ sidebar: number; send: number; inspector: number; viewport: number; scrollWidth: number }>(`(() => {
      const box = (id) => document.getElementById(id).getBoundingClientRect();
      return {
        sidebar: box('sidebar').width,
        send: box('sayit-button').right,
        inspector: box('inspector').width,
        viewport: window.innerWidth,
        scrollWidth: document.documentElement.scrollWidth,
      };
    })()`);
  const rect = (selector: string) => page.evaluate<{ right: number; height: number }>(`document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect().toJSON()`);

  it('a 600-character word wraps: the sidebar, the send button and the inspector stay in place, also after a reload', async () => {
    await screenshotOnFailure(page, 'page-long-word', async () => {
      await open();
      const before = await layout();
      const word = emu.world.post(3, 1, 'x'.repeat(600));
      await page.waitForSelector(`#message-${word.id}`);
      for (const reload of [false, true]) {
        if (reload) await open();
        const after = await layout();
        expect(after.sidebar).toBe(before.sidebar);
        expect(after.inspector).toBe(before.inspector);
        expect(after.send).toBeLessThanOrEqual(after.viewport);
        expect(after.scrollWidth).toBeLessThanOrEqual(after.viewport);
        const msg = await rect(`#message-${word.id}`);
        expect(msg.right).toBeLessThanOrEqual(after.viewport - after.inspector);
        expect(msg.height).toBeGreaterThan(40); // several lines
      }
    });
  });

  it('single-line messages over 500 characters are refused as chat refuses them; multi-line ones may be longer', async () => {
    await screenshotOnFailure(page, 'page-length-limit', async () => {
      await open();
      await page.fill('#input', 'y'.repeat(501));
      await page.waitForSelector('#counter.over');
      expect(await page.isDisabled('#sayit-button')).toBe(true);
      expect(await page.textContent('#status')).toMatch(/Single-line messages are limited to 500 characters \(this one has 501\); add a line break/);
      await page.press('#input', 'Enter');
      await page.waitForTimeout(300);
      expect(emu.world.transcript(1).some((m) => m.text.startsWith('yyyy'))).toBe(false);
      // the page's API refuses too (a script or a stale page)
      const { http } = newHttp();
      const res = await http.post(`${emu.origin}/emulator/api/rooms/1/messages`, { json: { userId: 2, text: 'z'.repeat(501) } });
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'TOO_LONG' });
      // exactly 500 is fine
      await page.fill('#input', 'w'.repeat(500));
      expect(await page.isDisabled('#sayit-button')).toBe(false);
      await page.press('#input', 'Enter');
      await emu.world.waitForMessage((m) => m.text === 'w'.repeat(500));
      // with a line break, 600 characters go through
      const multi = `${'v'.repeat(300)}\n${'v'.repeat(299)}`;
      await page.fill('#input', multi);
      expect(await page.isDisabled('#sayit-button')).toBe(false);
      expect(await page.textContent('#counter')).toContain('multi-line');
      await page.press('#input', 'Enter');
      await emu.world.waitForMessage((m) => m.text === multi);
    });
  });

  it('messages show their time; own messages can be edited and deleted, others’ cannot', async () => {
    await screenshotOnFailure(page, 'page-edit-delete', async () => {
      const carols = emu.world.post(3, 1, 'Carol was here');
      await open();
      const time = await page.textContent(`#message-${carols.id} .time`);
      const d = new Date(carols.time * 1000);
      expect(time).toBe(`${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`);
      // Bob sees no edit/delete on Carol's message
      await page.hover(`#message-${carols.id}`);
      expect(await page.$(`#message-${carols.id} .edit-link`)).toBeNull();
      expect(await page.$(`#message-${carols.id} .delete-link`)).toBeNull();

      await page.fill('#input', 'a tpyo here');
      await page.press('#input', 'Enter');
      const mine = await emu.world.waitForMessage((m) => m.text === 'a tpyo here');
      await page.waitForSelector(`#message-${mine.id} .content:text("a tpyo here")`);
      await page.hover(`#message-${mine.id}`);
      await page.click(`#message-${mine.id} .edit-link`);
      expect(await page.inputValue('#input')).toBe('a tpyo here');
      expect(await page.textContent('#sayit-button')).toBe('save edit');
      await page.fill('#input', 'a typo fixed');
      await page.press('#input', 'Enter');
      await page.waitForSelector(`#message-${mine.id} .content:text("a typo fixed")`);
      expect(await page.textContent(`#message-${mine.id} .edits`)).toBe('(edited)');
      expect(emu.world.message(mine.id)).toMatchObject({ text: 'a typo fixed', edits: 1 });
      expect(await page.inputValue('#input')).toBe('');

      await page.hover(`#message-${mine.id}`);
      await page.click(`#message-${mine.id} .delete-link`);
      await page.waitForSelector(`#message-${mine.id}.deleted`);
      expect(emu.world.message(mine.id)!.deleted).toBe(true);

      // the API refuses to edit someone else's message, naming the rule
      const { http } = newHttp();
      const res = await http.post(`${emu.origin}/emulator/api/messages/${carols.id}/edit`, { json: { userId: 2, text: 'hijack' } });
      expect(res.statusCode).toBe(400);
      expect(JSON.parse(res.body)).toMatchObject({ code: 'NOT_OWN', error: 'You can only edit your own messages.' });
    });
  });

  it('anyone stars; only a room owner pins; the room’s users are listed with the owner marked', async () => {
    await screenshotOnFailure(page, 'page-star-pin-users', async () => {
      const m = emu.world.post(3, 1, 'worth a star');
      await open(2);
      await page.waitForSelector('#room-users li[data-user-id="2"]');
      const users = await page.$$eval('#room-users li', (lis) => lis.map((li) => li.textContent));
      expect(users).toEqual(expect.arrayContaining(['Alice Ownerowner', 'Bob', 'Carol']));
      await page.hover(`#message-${m.id}`);
      expect(await page.$(`#message-${m.id} .pin-link`)).toBeNull();
      await page.click(`#message-${m.id} .star-link`);
      await page.waitForSelector(`#message-${m.id} .flash:text("★ 1")`);
      // Alice owns the room: she can pin
      await page.selectOption('#user-switcher', '1');
      await page.hover(`#message-${m.id}`);
      await page.click(`#message-${m.id} .pin-link`);
      await page.waitForSelector(`#message-${m.id}.pinned`);
      expect(emu.world.message(m.id)!.pinned).toBe(true);
      const { http } = newHttp();
      const res = await http.post(`${emu.origin}/emulator/api/messages/${m.id}/pin`, { json: { userId: 3 } });
      expect(JSON.parse(res.body)).toMatchObject({ code: 'NOT_OWNER', error: 'Only room owners can pin messages.' });
      // someone entering shows up in the list
      emu.world.enter(100, 1);
      await page.waitForSelector('#room-users li[data-user-id="100"]');
    });
  });

  it('a stopped emulator shows a clear offline state (no raw "Failed to fetch"); the page recovers by itself', async () => {
    await screenshotOnFailure(page, 'page-offline', async () => {
      await open();
      const port = Number(new URL(emu.origin).port);
      await emu.stop();
      await page.waitForSelector('#offline:not([hidden])');
      expect(await page.textContent('#offline')).toMatch(/Offline: the emulator at 127\.0\.0\.1:\d+ is not answering .* reconnects by itself/);
      await page.fill('#input', 'anyone there?');
      await page.press('#input', 'Enter');
      await page.waitForFunction("document.querySelector('#status').textContent !== ''");
      const status = await page.textContent('#status');
      expect(status).not.toMatch(/Failed to fetch/i);
      expect(status).toMatch(/not answering/);
      // the emulator comes back on the same port: the page reconnects and works again
      emu = await ChatEmulator.start({ port, policies: { throttle: null } });
      await page.waitForSelector('#offline[hidden]', { state: 'attached', timeout: 15_000 });
      await page.waitForFunction("document.querySelector('#feed-state').textContent === 'live'");
      await page.selectOption('#user-switcher', '2');
      await page.fill('#input', 'back again');
      await page.press('#input', 'Enter');
      await emu.world.waitForMessage((m) => m.text === 'back again');
    });
  }, 45_000);

  it('the bot inspector shows what the bot did with each message, how long it took and what it sent', async () => {
    await screenshotOnFailure(page, 'page-inspector', async () => {
      await open();
      expect(await page.isVisible('#inspector-empty')).toBe(true);
      const q = emu.world.post(2, 1, '@TestBot alive');
      const a = emu.world.post(100, 1, `:${q.id} Yes, TestBot is alive.`);
      const { http } = newHttp();
      const report = { messageId: q.id, roomId: 1, outcome: 'ran', command: 'alive', durationMs: 12.4, sentIds: [a.id], app: 'TestBot' };
      expect((await http.post(`${emu.origin}/emulator/api/dev/handled`, { json: report })).statusCode).toBe(200);
      const entry = `#inspect-${q.id}`;
      await page.waitForSelector(entry);
      expect(await page.textContent(`${entry} .incoming`)).toBe('Bob: @TestBot alive');
      expect(await page.textContent(`${entry} .what`)).toBe('Ran the command alive.');
      expect(await page.textContent(`${entry} .took`)).toBe('took 12 ms · sent 1 message:');
      expect(await page.textContent(`${entry} .sent`)).toBe('Yes, TestBot is alive.');
      expect(await page.textContent(`#message-${q.id} .bot-handled`)).toBe('bot: ran alive');
      expect(await page.isVisible('#inspector-empty')).toBe(false);
      const r = emu.world.post(3, 1, '@TestBot stop');
      const no = emu.world.post(100, 1, `:${r.id} Only this room's owners can run that command.`);
      await http.post(`${emu.origin}/emulator/api/dev/handled`, { json: { messageId: r.id, roomId: 1, outcome: 'refused', command: 'stop', reason: 'not a room owner', durationMs: 3, sentIds: [no.id] } });
      await page.waitForSelector(`#inspect-${r.id}.outcome-refused`);
      expect(await page.textContent(`#inspect-${r.id} .reason`)).toBe('Why: not a room owner');
      // reports survive a reload
      await open();
      await page.waitForSelector(entry);
      expect(await page.$$eval('.inspect-entry', (els) => els.map((e) => e.id))).toEqual([`inspect-${r.id}`, `inspect-${q.id}`]);
      const bad = await http.post(`${emu.origin}/emulator/api/dev/handled`, { json: { roomId: 1 } });
      expect(JSON.parse(bad.body)).toMatchObject({ code: 'BAD_REPORT' });
    });
  });
});
