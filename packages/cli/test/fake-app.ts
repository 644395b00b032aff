import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * A stand-in app: its dist/main.js prints the settings it received as one line
 * `FAKE-APP {json}` (secrets reduced to whether they are set), then stays up until SIGTERM
 * (printing `FAKE-APP stopping`) or exits at once with `exitCode`.
 */
export async function createFakeApp(o: { exitCode?: number } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'botpy-fake-app-'));
  await mkdir(path.join(dir, 'dist'));
  const main = `
const keys = ['ChatbotEmail', 'BOTPY_HOST', 'BOTPY_ROOMS', 'BOTPY_CHAT_ORIGIN', 'BOTPY_LOGIN_ORIGIN', 'BOTPY_ALIASES', 'FROM_DOTENV'];
const seen = Object.fromEntries(keys.map((k) => [k, process.env[k] ?? null]));
seen.ChatbotPass = process.env.ChatbotPass ?? null;
seen.cwd = process.cwd();
${
  // the SIGTERM handler is in place before the line tests wait for (a SIGTERM right after it must not kill the app)
  o.exitCode === undefined
    ? `process.on('SIGTERM', () => { console.log('FAKE-APP stopping'); process.exit(0); });
console.log('FAKE-APP ' + JSON.stringify(seen));
setInterval(() => {}, 1000);`
    : `console.log('FAKE-APP ' + JSON.stringify(seen));
process.exit(${o.exitCode});`
}
`;
  await writeFile(path.join(dir, 'dist', 'main.js'), main);
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'fake-app', type: 'module' }));
  return dir;
}

export function fakeAppSettings(stdout: string): Record<string, string | null> {
  const line = stdout.split('\n').find((l) => l.startsWith('FAKE-APP {'));
  if (!line) throw new Error(`the fake app printed nothing:\n${stdout}`);
  return JSON.parse(line.slice('FAKE-APP '.length)) as Record<string, string | null>;
}
