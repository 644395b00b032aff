// The test side of tests/redis/bot-process.mjs: spawns one bot process, collects its JSON stdout
// lines (roles, handled messages) and its log lines, and can kill -9, SIGSTOP and SIGCONT it.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../..');
const CHILD = join(here, 'bot-process.mjs');

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

export interface OutLine {
  t: number;
  ev: 'role' | 'started' | 'fatal' | 'handled';
  role?: 'starting' | 'active' | 'standby';
  token?: number | null;
  message?: string;
  messageId?: number;
  outcome?: string;
  sentIds?: number[];
}

export class BotProcess {
  readonly out: OutLine[] = [];
  readonly logs: string[] = [];
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<void>;

  constructor(
    readonly label: string,
    config: Record<string, unknown>,
  ) {
    this.proc = spawn(process.execPath, [CHILD], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', BOTPY_LOG_FORMAT: 'json', BOTPY_LOG_LEVEL: 'info', BOTPY_TEST_INSTANCE: JSON.stringify({ label, ...config }) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((r) =>
      this.proc.on('exit', (code, signal) => {
        this.exit = { code, signal };
        r();
      }),
    );
    lines(this.proc.stdout, (l) => {
      try {
        this.out.push(JSON.parse(l) as OutLine);
      } catch {
        this.logs.push(`(stdout) ${l}`);
      }
    });
    lines(this.proc.stderr, (l) => this.logs.push(l));
  }

  get alive(): boolean {
    return this.exit === null;
  }
  roles(): OutLine[] {
    return this.out.filter((l) => l.ev === 'role');
  }
  get role(): 'starting' | 'active' | 'standby' | null {
    return this.roles().at(-1)?.role ?? null;
  }
  /** Ids of the messages this process posted as replies (from its handled-message reports). */
  sentIds(): Set<number> {
    return new Set(this.out.filter((l) => l.ev === 'handled').flatMap((l) => l.sentIds ?? []));
  }
  logRecords(): Record<string, unknown>[] {
    return this.logs.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }
  async started(timeoutMs = 20_000): Promise<void> {
    await until(`${this.label} to start`, () => this.out.some((l) => l.ev === 'started' || l.ev === 'fatal') || !this.alive, timeoutMs).catch((e: Error) => {
      throw new Error(`${e.message}\n${this.tail()}`);
    });
    const fatal = this.out.find((l) => l.ev === 'fatal');
    if (fatal || !this.alive) throw new Error(`${this.label} failed to start: ${fatal?.message ?? JSON.stringify(this.exit)}\n${this.tail()}`);
  }
  async kill(): Promise<void> {
    if (this.alive) {
      this.proc.kill('SIGCONT');
      this.proc.kill('SIGKILL');
    }
    await this.exited;
  }
  pause(): void {
    this.proc.kill('SIGSTOP');
  }
  resume(): void {
    this.proc.kill('SIGCONT');
  }
  tail(): string {
    return this.logs.slice(-20).join('\n');
  }
}

function lines(stream: NodeJS.ReadableStream, fn: (line: string) => void): void {
  let buf = '';
  stream.setEncoding('utf8');
  stream.on('data', (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.trim()) fn(line);
    }
  });
}
