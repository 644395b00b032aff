// Parent side of emulator-child.js: fork, request/answer over IPC.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./emulator-child.js', import.meta.url));

export class EmulatorProcess {
  static async start(options = {}) {
    const p = new EmulatorProcess();
    const started = await p.request({ type: 'start', ...options }, 'started');
    p.origin = started.origin;
    p.loginOrigin = started.loginOrigin;
    return p;
  }

  constructor() {
    this.child = fork(CHILD, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.waiters = [];
    this.child.on('message', (m) => {
      const i = this.waiters.findIndex((w) => w.type === m.type || m.type === 'error');
      if (i === -1) return;
      const [w] = this.waiters.splice(i, 1);
      if (m.type === 'error') w.reject(new Error(`emulator process: ${m.message}`));
      else w.resolve(m);
    });
    this.child.on('exit', (code) => {
      for (const w of this.waiters.splice(0)) w.reject(new Error(`emulator process exited (${code})`));
    });
  }

  request(msg, answerType) {
    return new Promise((resolve, reject) => {
      this.waiters.push({ type: answerType, resolve, reject });
      this.child.send(msg);
    });
  }

  get origins() {
    return { chat: this.origin, login: this.loginOrigin };
  }

  async stop() {
    if (!this.child.connected) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    await this.request({ type: 'stop' }, 'stopped').catch(() => undefined);
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
  }
}
