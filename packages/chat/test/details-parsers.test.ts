import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { parseAgo, parseHistory, parseRoomInfo, parseTranscriptMessage, parseUserPage } from '../src/index.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/se-chat/${name}`, import.meta.url), 'utf8');

/** The detail readers on pages captured from real chat (samliew/chatexchange's mocks) and the written history shape. */
describe('detail page readers on real captures', () => {
  it('room info (rooms-info.samliew.html): name, description, counts, tags, owners, current users with moderators', () => {
    const r = parseRoomInfo(fixture('rooms-info.samliew.html'), 92764);
    expect(r).toMatchObject({ id: 92764, name: 'The Ministry of Silly Hats', description: 'Welcome to the MOSH pit, where the fun hattens.', messageCount: 123287, userCount: 138, tags: ['we-wait-for-hatty'] });
    expect(r.owners.map((o) => [o.id, o.name])).toEqual([[2302862, 'Siguza'], [4174897, 'Kyll'], [2246344, 'Sam']]);
    expect(r.currentUsers.filter((u) => u.isModerator).map((u) => u.name)).toEqual(['Ryan M', 'Cody Gray']);
  });

  it('transcript (transcript-message.samliew.html): owner, room, content, parent of a reply', () => {
    const html = fixture('transcript-message.samliew.html');
    expect(parseTranscriptMessage(html, 44424717)).toMatchObject({
      roomId: 167908, roomName: 'SOBotics Workshop', owner: { id: 1915448, name: 'g00glen00b' },
      text: 'Do you have time to make a change to the docker-compose.yml file of Burnaki/Gemmy?', stars: 0, starredByMe: false, pinned: false, deleted: false,
    });
    expect(parseTranscriptMessage(html, 44424797)?.parentId).toBe(44424796);
    expect(parseTranscriptMessage(html, 1)).toBeUndefined();
  });

  it('history (messages-history.edited-once.written.html): source, edits, editor', () => {
    expect(parseHistory(fixture('messages-history.edited-once.written.html'))).toEqual({ source: 'hello **world**', edits: 1, editor: { id: 97938, name: 'Example User' }, pinnedBy: [], deleted: false });
  });

  it('profile: "5m ago" style times, ♦, reputation title', () => {
    expect([parseAgo('5m ago'), parseAgo('2h ago'), parseAgo('3d ago'), parseAgo('just now'), parseAgo('n/a')]).toEqual([300, 7200, 259_200, 0, null]);
    const page = `<h1>Mod</h1><div class="user-status">&#9830;</div><span class="reputation-score" title="12,345">12.3k</span>
      <div class="user-message-count-xxl">42</div><div class="user-room-count-xxl">3</div>
      <table><tr><td class="user-keycell">last message</td><td class="user-valuecell">1h ago</td></tr>
      <tr><td class="user-keycell">last seen</td><td class="user-valuecell">just now</td></tr>
      <tr><td class="user-keycell">about</td><td class="user-valuecell">hello &amp; welcome</td></tr></table>`;
    expect(parseUserPage(page, 9)).toEqual({ id: 9, name: 'Mod', isModerator: true, reputation: 12345, messageCount: 42, roomCount: 3, lastMessageAgoSeconds: 3600, lastSeenAgoSeconds: 0, about: 'hello & welcome' });
  });
});
