// A real Redis for tests: Debian's redis-server started as a plain child process on a free loopback
// port (never a mock). Options: AOF persistence (for restart tests), a password, TLS. `.ci/run`
// installs the package; a machine without it gets one clear error.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RedisServerOptions {
  /** Keep an append-only file (fsync on every write) so a restart keeps the data (default false). */
  persistent?: boolean;
  /** requirepass. */
  password?: string;
  /** Serve TLS only (key and certificate PEM files). */
  tls?: { certFile: string; keyFile: string };
}

const BINARY = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((p) => existsSync(p)) ?? 'redis-server';

export class RedisServer {
  private proc: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  readonly log: string[] = [];

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly o: RedisServerOptions,
  ) {}

  /** Starts redis-server on a free port of 127.0.0.1 and waits until it answers. */
  static async start(o: RedisServerOptions = {}): Promise<RedisServer> {
    const dir = await mkdtemp(join(tmpdir(), 'botpy-redis-'));
    for (let attempt = 0; ; attempt++) {
      const s = new RedisServer(await freePort(), dir, o);
      try {
        await s.launch();
        return s;
      } catch (err) {
        await s.kill();
        if (attempt >= 4) throw err;
      }
    }
  }

  get url(): string {
    const auth = this.o.password ? `:${encodeURIComponent(this.o.password)}@` : '';
    return `${this.o.tls ? 'rediss' : 'redis'}://${auth}127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  get running(): boolean {
    return this.proc !== null;
  }

  /** SIGSTOP: the port stays open but nothing answers (a hung or unreachable server). */
  pause(): void {
    this.proc?.kill('SIGSTOP');
  }

  resume(): void {
    this.proc?.kill('SIGCONT');
  }

  /** kill -9 (no shutdown save); resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.proc) return;
    this.proc.kill('SIGCONT');
    this.proc.kill('SIGKILL');
    await this.exited;
    this.proc = null;
  }

  /** Starts it again on the same port and folder (the AOF is read back when `persistent`). */
  async restart(): Promise<void> {
    await this.kill();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.launch();
        return;
      } catch (err) {
        await this.kill();
        if (attempt >= 20) throw err;
        await new Promise((r) => setTimeout(r, 100)); // the port may linger for a moment
      }
    }
  }

  /** Stops the server and removes its folder. */
  async stop(): Promise<void> {
    await this.kill();
    await rm(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const args = ['--bind', '127.0.0.1', '--save', '', '--dir', this.dir, '--protected-mode', 'no', '--loglevel', 'warning'];
    args.push('--appendonly', this.o.persistent ? 'yes' : 'no');
    if (this.o.persistent) args.push('--appendfsync', 'always');
    if (this.o.password) args.push('--requirepass', this.o.password);
    if (this.o.tls) {
      args.push('--port', '0', '--tls-port', String(this.port), '--tls-cert-file', this.o.tls.certFile, '--tls-key-file', this.o.tls.keyFile);
      args.push('--tls-ca-cert-file', this.o.tls.certFile, '--tls-auth-clients', 'no');
    } else args.push('--port', String(this.port));
    const proc = spawn(BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = proc;
    this.exited = new Promise((r) => proc.once('exit', () => r()));
    let failed: Error | null = null;
    proc.once('error', (err: NodeJS.ErrnoException) => {
      failed = err.code === 'ENOENT' ? new Error('redis-server is not installed (apt-get install redis-server); the Redis tests need a real server') : err;
    });
    for (const s of [proc.stdout, proc.stderr]) s?.on('data', (d: Buffer) => this.log.push(d.toString('utf8')));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (failed) throw failed;
      if (proc.exitCode !== null) throw new Error(`redis-server exited (${proc.exitCode}): ${this.log.join('').slice(-500)}`);
      if (await answers(this.port)) return;
      await new Promise((r) => setTimeout(r, 30));
    }
    throw new Error('redis-server did not start within 10 s');
  }
}

/** A TCP port of 127.0.0.1 that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** True once something accepts connections on the port and does not close them at once. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    const done = (v: boolean) => {
      s.destroy();
      resolve(v);
    };
    s.setTimeout(500, () => done(false));
    s.once('error', () => done(false));
    s.once('connect', () => setTimeout(() => done(true), 20));
  });
}
