import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { ChatEmulator } from '@botpy/emulator';
import { ChatRequestError, type MessagePostedEvent } from '../src/index.js';
import { FAST_SOCKET, login, useE2eResources } from './e2e-helpers.js';

const TLS = new URL('./fixtures/tls/', import.meta.url);
const key = fs.readFileSync(new URL('key.pem', TLS));
const cert = fs.readFileSync(new URL('cert.pem', TLS));

describe('over HTTPS and WSS, as on real chat (e2e against the emulator in TLS mode)', () => {
  const t = useE2eResources();

  it('logs in, receives over wss:// and sends over https:// when the certificate is trusted through `ca`', async () => {
    t.emu = await ChatEmulator.start({ tls: { key, cert }, policies: { throttle: null } });
    expect(t.emu.origin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    t.client = await login(t.emu, { ca: cert, socket: FAST_SOCKET });
    const room = await t.client.joinRoom(1);
    const got = new Promise<MessagePostedEvent>((resolve) => room.once('message', resolve));
    await new Promise((r) => setTimeout(r, 100));
    t.emu.world.post(2, 1, 'hello over tls');
    expect((await got).text).toBe('hello over tls');
    expect(t.client.stats.socketState).toBe('open');
    const id = await room.send('answer over tls');
    expect(t.emu.world.message(id)?.text).toBe('answer over tls');
  });

  it('refuses a server whose certificate it does not trust (no silent downgrade)', async () => {
    t.emu = await ChatEmulator.start({ tls: { key, cert }, policies: { throttle: null } });
    await expect(login(t.emu)).rejects.toBeInstanceOf(ChatRequestError);
  });
});
