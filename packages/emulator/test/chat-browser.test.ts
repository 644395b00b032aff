import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import WebSocket from 'ws';
import { chromium, type Browser } from 'playwright-core';
import { ChatEmulator } from '@botpy/emulator';
import { newHttp } from './chat-kit.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

describe('browser chat page (/emulator)', () => {
  let emu: ChatEmulator;
  beforeAll(async () => {
    emu = await ChatEmulator.start({ policies: { throttle: null } });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('JSON API: world, transcript, post as any user (no fkey), errors as 400 JSON', async () => {
    const { http } = newHttp();
    const world = JSON.parse((await http.get(`${emu.origin}/emulator/api/world`)).body) as { rooms: { id: number }[]; users: { id: number; name: string }[] };
    expect(world.rooms.map((r) => r.id)).toEqual([1]);
    expect(world.users.map((u) => u.name)).toContain('Carol');
    const res = await http.post(`${emu.origin}/emulator/api/rooms/1/messages`, { json: { userId: 3, text: 'from the *api*' } });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ userId: 3, html: 'from the <i>api</i>' });
    const list = JSON.parse((await http.get(`${emu.origin}/emulator/api/rooms/1/messages`)).body) as { text: string }[];
    expect(list.map((m) => m.text)).toContain('from the *api*');
    const bad = await http.post(`${emu.origin}/emulator/api/rooms/1/messages`, { json: { userId: 999, text: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ code: 'NO_SUCH_USER' });
    expect((await http.post(`${emu.origin}/emulator/api/rooms/1/messages`, { body: 'not json' })).statusCode).toBe(400);
  });

  it('the feed WebSocket pushes public events', async () => {
    const ws = new WebSocket(`${emu.origin.replace('http', 'ws')}/emulator/api/feed`);
    const got: { event?: { event_type: number; message_id: number } }[] = [];
    await new Promise<void>((resolve) => ws.on('message', (d) => (got.push(JSON.parse(String(d))), resolve())));
    const m = emu.world.post(2, 1, 'feed me');
    await new Promise<void>((resolve) => ws.on('message', (d) => (got.push(JSON.parse(String(d))), resolve())));
    ws.terminate();
    expect(got[1]!.event).toMatchObject({ event_type: 1, message_id: m.id });
  });

  const browserIt = existsSync(CHROMIUM) ? it : it.skip;
  if (!existsSync(CHROMIUM)) console.warn(`browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);
  browserIt('a user types in the page and sees the message; other users’ posts and pings appear live', async () => {
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      const page = await browser.newPage();
      await page.goto(`${emu.origin}/emulator`);
      await page.waitForSelector('#room-list li.current');
      expect(await page.textContent('#room-name')).toBe('Sandbox');
      await page.waitForFunction("document.querySelector('#feed-state').textContent === 'live'");
      await page.selectOption('#user-switcher', '2');
      await page.fill('#input', 'hello from **the browser**');
      await page.press('#input', 'Enter');
      const msg = await emu.world.waitForMessage((m) => m.text === 'hello from **the browser**', 5000);
      expect(msg.userId).toBe(2);
      await page.waitForSelector(`#message-${msg.id} .content b`);
      expect(await page.textContent(`#message-${msg.id} .content`)).toBe('hello from the browser');
      // a reply pinging Bob arrives over the feed and is shown as a mention for Bob
      const reply = emu.world.post(3, 1, `:${msg.id} nice one`);
      await page.waitForSelector(`#message-${reply.id}.mention`);
      expect(await page.textContent(`#message-${reply.id} .content`)).toBe('@Bob nice one');
      expect(await page.$(`#message-${reply.id} .reply-info`)).not.toBeNull();
      // a long multi-line message arrives cut (div.partial); "see full text" shows all of it
      const lines = Array.from({ length: 80 }, (_, i) => `line ${i} of a long paste`);
      const long = emu.world.post(3, 1, lines.join('\n'));
      await page.waitForSelector(`#message-${long.id} .full-text`);
      expect(await page.textContent(`#message-${long.id} .content`)).not.toContain('line 79');
      await page.click(`#message-${long.id} .full-text`);
      await page.waitForSelector(`#message-${long.id} .full-source`);
      expect(await page.textContent(`#message-${long.id} .full-source`)).toBe(lines.join('\n'));
    } finally {
      await browser?.close();
    }
  });
});
