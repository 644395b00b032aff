import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const cliPath = path.join(repoRoot, 'packages/cli/dist/cli.js');

/** Builds the CLI (and what it references) with `tsc -b`; throws with tsc's output on failure. */
export function buildCli(...extraProjects: string[]): void {
  const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', 'packages/cli', ...extraProjects], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tsc -b failed:\n${result.stdout}${result.stderr}`);
}

/** A running `node packages/cli/dist/cli.js …` with its output collected. */
export class CliProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawn(process.execPath, [cliPath, ...args], {
      cwd: o.cwd ?? repoRoot,
      env: { ...process.env, BOTPY_LOG_LEVEL: 'info', ...o.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Resolves with the first match of `pattern` in stdout (polling), or rejects after `timeoutMs`. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const match = this.stdout.match(pattern);
      if (match) return match;
      if (exited || Date.now() > deadline) {
        throw new Error(`${pattern} not seen (${exited ? 'process exited' : 'timeout'}).\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs the CLI to completion. */
export async function runCliToEnd(args: string[], o: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  const proc = new CliProcess(args, o);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), o.timeoutMs ?? 20_000);
  const code = await proc.exited;
  clearTimeout(timer);
  return { code, stdout: proc.stdout, stderr: proc.stderr };
}
