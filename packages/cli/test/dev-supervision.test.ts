/**
 * `botpy dev` as a bot author meets it: the app runs under its own name (the emulator renames the
 * bot account), keeps its data in `<appDir>/.botpy-dev` (never `~/.<name>`), reports each message to
 * the page's bot inspector, restarts once per real change (an identical rewrite of dist/ is no
 * change) with the URL repeated, and `reboot` restarts the app under the CLI, so that SIGINT leaves
 * no process behind.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ChatClient, type ChatHost, type MessagePostedEvent, type Room } from '@botpy/chat';
import { pino } from 'pino';
import { buildCli, CliProcess, repoRoot, runCliToEnd } from './cli-process.js';

const CORE = pathToFileURL(path.join(repoRoot, 'packages/core/dist/index.js')).href;

const mainJs = (version: number) => `import { bootstrap, Command } from ${JSON.stringify(CORE)};
class VersionCommand {
  run(ctx) { return ctx.reply('running version ${version}'); }
}
Command({ usage: ['version ...'] })(VersionCommand);
const app = await bootstrap({ name: 'InterBot', rooms: [1], commands: [VersionCommand], handleSignals: true });
await app.start();
await app.whenStopped();
`;

/** Processes whose command line mentions `text` (from /proc). */
function processesMentioning(text: string): number[] {
  const found: number[] = [];
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text)) found.push(Number(pid));
    } catch {
      /* gone */
    }
  }
  return found;
}

describe('botpy dev: own name, own data, inspector, restarts and reboot under supervision', () => {
  let dir: string;
  let home: string;
  let proc: CliProcess | undefined;
  const clients: ChatClient[] = [];

  beforeAll(() => {
    buildCli('packages/core');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'botpy-devsup-'));
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'botpy-devsup-home-'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'inter-app', type: 'module', private: true }));
    fs.writeFileSync(path.join(dir, 'dist', 'main.js'), mainJs(1));
  }, 240_000);

  afterAll(async () => {
    for (const c of clients) await c.close();
    await proc?.stop();
    for (const pid of processesMentioning(dir)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  });

  async function person(email: string, password: string, host: string, chat: string, login: string): Promise<{ room: Room; seen: MessagePostedEvent[] }> {
    const client = await ChatClient.login({ host: host as ChatHost, email, password, origins: { chat, login }, logger: pino({ level: 'silent' }) });
    clients.push(client);
    const room = await client.joinRoom(1);
    const seen: MessagePostedEvent[] = [];
    room.on('message', (m) => seen.push(m));
    return { room, seen };
  }
  async function until<T>(fn: () => T | undefined, what: string, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = fn();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`${what} not seen within ${ms} ms.\nstdout:\n${proc?.stdout}\nstderr:\n${proc?.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('runs end to end', async () => {
    proc = new CliProcess(['dev', dir, '--port', '0', '--watch'], { env: { HOME: home, BOTPY_LOG_FORMAT: 'json' } });
    const [, host, chat, login] = await proc.waitFor(/Chat emulator \(([a-z.]+)\) is running:\n {2}Chat page: {3}\S+\n {2}Chat server: (\S+)\n {2}Login site: {2}(\S+)\n/);
    // the invitation names the app, not the demo account
    await proc.waitFor(/Open http:\/\/127\.0\.0\.1:\d+\/emulator and type `@InterBot alive`/, 60_000);
    const world = (await (await fetch(`${chat}/emulator/api/world`)).json()) as { users: { id: number; name: string }[] };
    expect(world.users.find((u) => u.id === 100)?.name).toBe('InterBot');
    expect(world.users.some((u) => u.name === 'TestBot')).toBe(false);

    const bob = await person('bob@example.com', 'bobpass', host!, chat!, login!);
    const asked = await bob.room.send('@InterBot alive');
    const answer = await until(() => bob.seen.find((m) => m.userId === 100 && m.parentId === asked), 'the answer to @InterBot alive');
    expect(answer.text).toMatch(/Yes, InterBot is alive/);
    expect(answer.userName).toBe('InterBot');

    // the bot inspector got the bot's report of that message, and of a message not for the bot
    type Entry = { messageId: number; outcome: string; command?: string; durationMs: number | null; sent: { text: string }[]; app: string };
    const reportOf = async (id: number): Promise<Entry> => {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const entries = (await (await fetch(`${chat}/emulator/api/inspector?room=1`)).json()) as Entry[];
        const hit = entries.find((e) => e.messageId === id);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no inspector report for message ${id}; have ${JSON.stringify(entries)}\nstderr:\n${proc?.stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const entry = await reportOf(asked);
    expect(entry).toMatchObject({ outcome: 'ran', command: 'AliveCommand', app: 'InterBot' });
    expect(entry.durationMs).toEqual(expect.any(Number));
    expect(entry.sent.map((s) => s.text)).toEqual([expect.stringMatching(/Yes, InterBot is alive/)]);
    const chatter = await bob.room.send('just talking');
    expect(await reportOf(chatter)).toMatchObject({ outcome: 'ignored', sent: [] });

    // its data lives in the dev folder, never in ~/.interbot
    expect(fs.existsSync(path.join(dir, '.botpy-dev', 'stackoverflow', 'cookies.json'))).toBe(true);
    expect(fs.existsSync(path.join(home, '.interbot'))).toBe(false);

    // rewriting dist/ with the same content (a watch compiler's first pass) is no change
    fs.writeFileSync(path.join(dir, 'dist', 'main.js'), mainJs(1));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(proc.stdout).not.toContain('restarted the app');
    // a real change: one restart, and the URL again after it
    fs.writeFileSync(path.join(dir, 'dist', 'main.js'), mainJs(2));
    await proc.waitFor(/Change in dist\/: restarted the app\.\nOpen http:\/\/127\.0\.0\.1:\d+\/emulator and type `@InterBot alive`\n/, 60_000);
    expect(proc.stdout.match(/restarted the app/g)).toHaveLength(1);
    expect(proc.stdout + proc.stderr).not.toContain('the app exited');

    // reboot (Alice owns the room): restarted under the CLI
    const alice = await person('alice@example.com', 'alicepass', host!, chat!, login!);
    const appPidsBefore = processesMentioning(path.join(dir, 'dist', 'main.js'));
    expect(appPidsBefore).toHaveLength(1);
    await alice.room.send("@InterBot reboot");
    await proc.waitFor(/The app rebooted: started it again\.\nOpen http:\/\/127\.0\.0\.1:\d+\/emulator/, 60_000);
    const appPidsAfter = processesMentioning(path.join(dir, 'dist', 'main.js'));
    expect(appPidsAfter).toHaveLength(1);
    expect(appPidsAfter[0]).not.toBe(appPidsBefore[0]);
    // its parent is the CLI
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${appPidsAfter[0]}/status`, 'utf8'))![1]);
    expect(ppid).toBe(proc.child.pid);

    // Ctrl-C (SIGINT to the CLI alone): nothing is left
    proc.child.kill('SIGINT');
    expect(await proc.exited).toBe(0);
    await until(() => (processesMentioning(dir).length === 0 ? true : undefined), 'no process of the app', 10_000);
  }, 180_000);

  it('botpy start starts an app that reboots itself again, under the CLI; SIGINT leaves no process', async () => {
    const app = fs.mkdtempSync(path.join(os.tmpdir(), 'botpy-start-reboot-'));
    try {
      fs.mkdirSync(path.join(app, 'dist'));
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'reboot-app', type: 'module', private: true }));
      const marker = path.join(app, 'rebooted');
      fs.writeFileSync(
        path.join(app, 'dist', 'main.js'),
        `import fs from 'node:fs';
if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); console.log('FIRST RUN'); process.exit(Number(process.env.BOTPY_REBOOT_EXIT_CODE)); }
console.log('SECOND RUN');
process.on('SIGINT', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
`,
      );
      const start = new CliProcess(['start', app], { env: { ChatbotEmail: 'x@example.com', ChatbotPass: 'not-a-real-one' } });
      await start.waitFor(/SECOND RUN/);
      expect(start.stdout).toContain('FIRST RUN');
      expect(start.stdout).toContain('the app asked to reboot');
      start.child.kill('SIGINT');
      expect(await start.exited).toBe(0);
      await until(() => (processesMentioning(app).length === 0 ? true : undefined), 'no process of the app', 10_000);
    } finally {
      fs.rmSync(app, { recursive: true, force: true });
    }
  }, 60_000);

  it('--help shows each default once', async () => {
    const { stdout } = await runCliToEnd(['dev', '--help']);
    expect(stdout).toMatch(/--login-port <port> +login site port on 127\.0\.0\.1 \(default: any free port\)\n/);
    expect(stdout).not.toContain('(default: 0)');
  });
});
