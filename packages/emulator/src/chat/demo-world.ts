import type { WorldFile } from './types.js';

/** The default world: room 1 "Sandbox" owned by Alice, Bob and Carol present, and a bot account. */
export const DEMO_WORLD: WorldFile = {
  users: [
    { id: 1, name: 'Alice Owner', email: 'alice@example.com', password: 'alicepass' },
    { id: 2, name: 'Bob', email: 'bob@example.com', password: 'bobpass' },
    { id: 3, name: 'Carol', email: 'carol@example.com', password: 'carolpass' },
    { id: 100, name: 'TestBot', email: 'bot@example.com', password: 'botpass' },
  ],
  rooms: [{ id: 1, name: 'Sandbox', description: 'Where you can play with regular chat features without upsetting anyone', owners: [1] }],
};

/** Users present in their rooms when the demo world starts (no events). */
export const DEMO_PRESENT: [userId: number, roomId: number][] = [
  [2, 1],
  [3, 1],
];
