import { describe, it, expect } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { parseChatPage, parseLoginFkey, parseRoomOwners } from '../src/pages.js';
import { ChatInputError, DEFAULT_ORIGINS, resolveOrigins } from '../src/index.js';

const CHAT = 'https://chat.stackexchange.com';

describe('page scraping', () => {
  it('reads the account id, name and fkey from a chat page', () => {
    const html = `<div class="topbar"><span class="topbar-menu-links"><a href="/users/1251/jeremy-banks" title="Jeremy Banks &#936;">Jeremy Banks &#936;</a></span></div>
      <input id="fkey" name="fkey" type="hidden" value="dc63b60f5ada11372b8ff63821d9bf24" />`;
    expect(parseChatPage(html, CHAT)).toEqual({ userId: 1251, userName: 'Jeremy Banks Ψ', fkey: 'dc63b60f5ada11372b8ff63821d9bf24' });
  });
  it('treats an off-site topbar link (login URL) and an empty fkey as logged out', () => {
    const html = `<span class="topbar-menu-links"><a href="https://stackexchange.com/users/login?returnurl=x">log in</a></span><input id="fkey" value="">`;
    const info = parseChatPage(html, CHAT);
    expect(info.userId).toBeUndefined();
    expect(info.fkey).toBe('');
  });
  it('reads the login fkey from form#login-form, else the first fkey input; none in read-only mode', () => {
    expect(parseLoginFkey('<input name="fkey" value="zzz"><form id="login-form"><input type="hidden" name="fkey" value="abc"></form>')).toBe('abc');
    expect(parseLoginFkey('<form><input type="hidden" name="fkey" value="first"></form>')).toBe('first');
    expect(parseLoginFkey('<html><body>Stack Overflow is in read-only mode</body></html>')).toBeUndefined();
  });
  it('reads room owners from the info page', () => {
    const html = `<div id="room-ownercards"><div id="owner-user-2302862" class="usercard"><div class="user-header" title="Siguza"><a href="/users/2302862/siguza">x</a></div></div>
      <div class="usercard"><a href="/users/7/bob" title="Bob">Bob</a></div></div><div id="room-usercards"><div id="user-9" class="usercard"></div></div>`;
    expect(parseRoomOwners(html)).toEqual([
      { id: 2302862, name: 'Siguza' },
      { id: 7, name: 'Bob' },
    ]);
  });
});

describe('hosts', () => {
  it('maps each host to its chat server and login site', () => {
    expect(resolveOrigins('stackexchange.com')).toEqual({ chat: 'https://chat.stackexchange.com', login: 'https://meta.stackexchange.com' });
    expect(resolveOrigins('stackoverflow.com')).toEqual(DEFAULT_ORIGINS['stackoverflow.com']);
    expect(resolveOrigins('meta.stackexchange.com').chat).toBe('https://chat.meta.stackexchange.com');
  });
  it('accepts an override and validates it', () => {
    expect(resolveOrigins('stackoverflow.com', { chat: 'http://127.0.0.1:4280/', login: 'http://127.0.0.1:4281' })).toEqual({ chat: 'http://127.0.0.1:4280', login: 'http://127.0.0.1:4281' });
    expect(() => resolveOrigins('example.com' as 'stackoverflow.com')).toThrow(ChatInputError);
    expect(() => resolveOrigins('stackoverflow.com', { chat: 'not a url' })).toThrow(ChatInputError);
    expect(() => resolveOrigins('stackoverflow.com', { chat: 'ftp://x' })).toThrow(ChatInputError);
  });
});

describe('conformance with the shared captured pages', () => {
  const dir = path.resolve(process.cwd(), '../shared/fixtures/se-chat/html');
  if (!fs.existsSync(dir)) {
    it.skip('shared fixtures absent (../shared/fixtures/se-chat): conformance skipped', () => {});
    return;
  }
  const read = (f: string): string => fs.readFileSync(path.join(dir, f), 'utf8');
  it('reads user and fkey from the captured favourite/home pages', () => {
    expect(parseChatPage(read('chats-join-favorite.chatexchange-2014.html'), CHAT)).toMatchObject({ userId: 1251, fkey: 'dc63b60f5ada11372b8ff63821d9bf24' });
    const home = read('chat-homepage.stackoverflow.sochat4j.html').replace(/\$\{userId\}/g, '4258326').replace(/\$\{username(\.lower)?\}/g, 'OakBot');
    expect(parseChatPage(home, 'https://chat.stackoverflow.com')).toMatchObject({ userId: 4258326, userName: 'OakBot', fkey: '77c81faa5220c0e25060d42e594f448d' });
  });
  it('reads the login fkey of every captured login page and the owners of the captured info page', () => {
    for (const f of fs.readdirSync(dir).filter((x) => x.startsWith('users-login'))) expect(parseLoginFkey(read(f))).toBeTruthy();
    expect(parseRoomOwners(read('rooms-info.samliew.html')).map((o) => o.id)).toContain(2302862);
  });
});
