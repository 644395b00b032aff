import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RedundaEmulator } from '@botpy/emulator';

/** Seconds without a ping after which the local Redunda elects the other instance. */
const LOCAL_ALIVE_WINDOW_S = 10;
const LOCAL_PING_INTERVAL_S = 2;

/**
 * The demo without a Redunda account (what `botpy dev examples/redunda-pair` runs): starts a Redunda
 * emulator on 127.0.0.1 with one bot and two instances, then runs `entry` twice as child processes,
 * each with its own key, storage directory and location, and the rest of `env` (the chat emulator's
 * settings). Kill the active one (its pid is printed) and the other takes over within about 10 s.
 * Stops both and the emulator on SIGINT/SIGTERM; resolves when both instances have exited.
 */
export async function runLocalPair(entry: string, env: Record<string, string | undefined>): Promise<void> {
  const redunda = await RedundaEmulator.start({ port: 0, aliveWindowSeconds: LOCAL_ALIVE_WINDOW_S });
  redunda.addBot({ id: 1, name: 'PairBot' });
  const dataRoot = await mkdtemp(join(tmpdir(), 'pairbot-'));
  const instances = [
    { location: 'local/primary', priority: 1 },
    { location: 'local/backup', priority: 2 },
  ].map((i) => ({ ...i, key: redunda.addInstance({ botId: 1, priority: i.priority, location: i.location }).key }));

  const children: ChildProcess[] = [];
  const exited: Promise<void>[] = [];
  for (const [n, i] of instances.entries()) {
    const child = spawn(process.execPath, [entry], {
      stdio: 'inherit',
      env: {
        ...env,
        REDUNDA_KEY: i.key,
        REDUNDA_ORIGIN: redunda.origin,
        REDUNDA_PING_INTERVAL: String(LOCAL_PING_INTERVAL_S),
        PAIRBOT_STORAGE_DIR: join(dataRoot, `instance-${n + 1}`),
        PAIRBOT_LOCATION: i.location,
      },
    });
    children.push(child);
    const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    exited.push(exit);
    process.stdout.write(`PairBot instance ${n + 1} (${i.location}, Redunda priority ${i.priority}) runs as pid ${child.pid}\n`);
    // Start the backup only once the primary has pinged: two instances that start at the same moment
    // may both be told to be active for one ping interval (as with the real Redunda).
    if (n === 0) await firstPing(redunda, i.key, exit);
  }
  process.stdout.write(`Local Redunda at ${redunda.origin}. Kill the active instance (kill <pid>) and the other takes over within ~${LOCAL_ALIVE_WINDOW_S + LOCAL_PING_INTERVAL_S} s.\n`);

  const stopAll = () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  };
  process.once('SIGINT', stopAll);
  process.once('SIGTERM', stopAll);
  try {
    await Promise.all(exited);
  } finally {
    process.off('SIGINT', stopAll);
    process.off('SIGTERM', stopAll);
    await redunda.stop();
    await rm(dataRoot, { recursive: true, force: true });
  }
}

/** Resolves once `key` has pinged, the instance has exited, or 60 s have passed. */
async function firstPing(redunda: RedundaEmulator, key: string, exit: Promise<void>): Promise<void> {
  let exited = false;
  void exit.then(() => (exited = true));
  const deadline = Date.now() + 60_000;
  while (!exited && Date.now() < deadline && !redunda.pings().some((p) => p.key === key)) {
    await new Promise((r) => setTimeout(r, 100));
  }
}
