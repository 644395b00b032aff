import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

/**
 * The newcomer's demo, for real: what `npm start` runs (the built CLI's `botpy dev` with the
 * simple-chatbot example), then a real chromium opens the printed chat page, types `@TestBot alive`
 * as Bob and sees the bot's answer appear.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const INVITATION = /Open (http:\/\/127\.0\.0\.1:\d+\/emulator) and type `@TestBot alive`/;

const browserDescribe = existsSync(CHROMIUM) ? describe : describe.skip;
if (!existsSync(CHROMIUM)) console.warn(`npm start browser test skipped: ${CHROMIUM} not found (apt-get install chromium)`);

browserDescribe('npm start: the demo bot answers in the browser', () => {
  let dev: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let browser: Browser | undefined;
  let home = '';
  let output = '';

  /** Waits until the CLI printed the invitation, failing early when it exits. */
  const waitForInvitation = (child: ChildProcess, ms: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no invitation within ${ms} ms; output so far:\n${output}`)), ms);
      const onData = (d: Buffer) => {
        output += d.toString('utf8');
        const m = INVITATION.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (d: Buffer) => (output += d.toString('utf8')));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`botpy dev exited (code ${code}, signal ${signal}) before inviting; output:\n${output}`));
      });
    });

  beforeAll(async () => {
    // `npm start` = `npm run build` + the CLI; building just what the demo needs is incremental and quick.
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', 'packages/cli', 'examples/simple-chatbot'], {
      cwd: ROOT,
      timeout: 120_000,
    });
    // A fresh HOME: the bot keeps its data in ~/.testbot, which must not be the developer's.
    home = await mkdtemp(path.join(tmpdir(), 'botpy-npm-start-'));
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, BOTPY_LOG_FORMAT: 'json' };
    for (const k of ['ChatbotEmail', 'ChatbotPass', 'BOTPY_HOST', 'BOTPY_ROOMS', 'BOTPY_CHAT_ORIGIN', 'BOTPY_LOGIN_ORIGIN', 'BOTPY_ALIASES']) delete env[k];
    // its own process group, so the whole tree (CLI + app) can be stopped at the end
    dev = spawn(process.execPath, ['packages/cli/dist/cli.js', 'dev', 'examples/simple-chatbot', '--port', '0'], {
      cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = dev;
    exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }, 150_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (dev?.pid !== undefined && dev.exitCode === null && dev.signalCode === null) {
      const group = -dev.pid;
      try {
        process.kill(group, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const killer = setTimeout(() => {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 15_000);
      await exited;
      clearTimeout(killer);
    }
    dev?.stdout?.destroy();
    dev?.stderr?.destroy();
    if (home) await rm(home, { recursive: true, force: true });
  }, 30_000);

  it('prints the chat page URL; typing `@TestBot alive` as a user there gets the bot\'s answer', async () => {
    const url = await waitForInvitation(dev!, 60_000);
    expect(output).toContain(`Chat page:   ${url}`);

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForSelector('#room-list li.current');
    await page.waitForFunction("document.querySelector('#feed-state').textContent === 'live'");
    // the bot announced itself in the room
    await page.waitForSelector('.monologue.user-100 .content:text("TestBot started.")', { timeout: 10_000 });

    await page.selectOption('#user-switcher', { label: 'Bob' });
    await page.fill('#input', '@TestBot alive');
    await page.press('#input', 'Enter');
    await page.waitForSelector('.monologue.user-2 .content:text("@TestBot alive")', { timeout: 10_000 });
    const answer = page.locator('.monologue.user-100 .content', { hasText: 'is alive' });
    await answer.first().waitFor({ timeout: 15_000 });
    expect(await answer.first().textContent()).toMatch(/Yes, TestBot is alive/);
    // it is a reply to Bob's message
    expect(await page.locator('.monologue.user-100 .message', { hasText: 'is alive' }).first().locator('.reply-info').count()).toBe(1);
  }, 90_000);
});
