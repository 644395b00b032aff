import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, createLogger, PostWatch, type BootstrapOptions, type BotApplication, type HandledMessage } from '@botpy/core';
import { ChatEmulator, SeApiEmulator, type ChatEmulatorOptions, type EmuMessage, type EmuQuestion, type SeApiEmulatorOptions } from '@botpy/emulator';
import { postQuestion, type PostQuestionOptions, type QuestionReport, type TestQuestion } from './post-question.js';

/** A person in the emulated world. */
export interface TestUser {
  readonly id: number;
  readonly name: string;
}

/** A message the bot posted in response. */
export interface BotReply {
  readonly id: number;
  /** The message as the server stores it (markdown source without a `:id` reply prefix). */
  readonly text: string;
  /** The message it replies to, if any. */
  readonly replyTo?: number;
  readonly roomId: number;
}

export interface SayOptions {
  /** Post as a reply to this message. */
  parentId?: number;
  /** How long to wait for the bot to finish (default 15 s). */
  timeoutMs?: number;
}

/** A message posted with `room.start()`: the bot handles it in the background. */
export interface StartedMessage {
  /** The posted message's id. */
  readonly id: number;
  /**
   * Resolves, once the bot finished handling the message (e.g. a command that asked a question got
   * its answer) and its messages were delivered, to the bot's messages in response; rejects after
   * `timeoutMs` (default 15 s).
   */
  done(options?: { timeoutMs?: number }): Promise<BotReply[]>;
}

/** A room, seen by the test. */
export interface TestRoom {
  readonly id: number;
  /**
   * Posts `text` as `user` and resolves, once the commands it triggered have finished and their
   * messages were delivered, to the bot's messages in response. In a room the bot is not configured
   * for there is no completion signal: it waits `quietMs` (default 300) and returns what the bot posted there meanwhile.
   */
  say(user: TestUser, text: string, options?: SayOptions & { quietMs?: number }): Promise<BotReply[]>;
  /** The room's live messages, oldest first. */
  transcript(): EmuMessage[];
  /**
   * Posts `text` as `user` without waiting for the bot: for a command that asks a question
   * (`ctx.ask`), answered by a later `say`. Await `done()` for the bot's messages in response.
   */
  start(user: TestUser, text: string, options?: Pick<SayOptions, 'parentId'>): StartedMessage;
  /**
   * Resolves with the bot's next message in this room (posted after message `after`, default: any
   * posted from now on) whose text matches; rejects after `timeoutMs` (default 5 s).
   */
  botSays(match: string | RegExp, options?: { after?: number; timeoutMs?: number }): Promise<BotReply>;
}

/** Options of createTestBot: bootstrap options (all optional here) plus the emulator's. */
export interface TestBotOptions extends Partial<BootstrapOptions> {
  /** Options of the emulator to start (port 0 always), or an emulator already running (not stopped by bot.stop()). */
  emulator?: Omit<ChatEmulatorOptions, 'port' | 'loginPort'> | ChatEmulator;
  /** Start the application (default true). */
  start?: boolean;
  /**
   * Also start an SE API emulator (API + realtime socket; or pass one already running) and point
   * `seApi` at it, polling every second: for bots with `@OnNewPost` handlers. `seApi` options given
   * here are kept (origin and socket URL are the emulator's).
   */
  seEmulator?: true | SeApiEmulatorOptions | SeApiEmulator;
}

/** A bot running on an emulator, with helpers to act as people in its rooms. */
export interface TestBot {
  /** The current application (replaced by restart()). */
  readonly app: BotApplication;
  readonly emulator: ChatEmulator;
  /** The SE API emulator (with `seEmulator`), else null. */
  readonly se: SeApiEmulator | null;
  readonly storageDir: string;
  /**
   * Posts a question on the SE API emulator and resolves once the bot reported it in chat (a bot
   * message containing the question id), or after `quietMs` when given. Needs `seEmulator`.
   */
  postQuestion(q: TestQuestion, options?: PostQuestionOptions): Promise<{ question: EmuQuestion; reports: QuestionReport[] }>;
  /** Adds a person to the world; `ownerOf` makes them owner of those rooms. */
  user(u: { name: string; id?: number; ownerOf?: number[] }): TestUser;
  room(id: number): TestRoom;
  /** Stops the application (if running) and starts a new one with the same options and storage. */
  restart(overrides?: Partial<BootstrapOptions>): Promise<BotApplication>;
  /** Stops the application, the emulator (if created here) and removes a temporary storage directory. */
  stop(): Promise<void>;
}

const DEFAULT_SAY_TIMEOUT_MS = 15_000;

/**
 * Starts a chat emulator on loopback and the real application (real chat client) against it.
 * Defaults: name TestBot, room 1, the demo world's bot account, a temporary storage directory, a
 * silent logger, no send throttling in the emulator.
 */
export async function createTestBot(options: TestBotOptions = {}): Promise<TestBot> {
  const { emulator: emuOption, start = true, seEmulator, ...appOptions } = options;
  const ownEmulator = !(emuOption instanceof ChatEmulator);
  const emulator = emuOption instanceof ChatEmulator
    ? emuOption
    : await ChatEmulator.start({ ...emuOption, port: 0, loginPort: 0, policies: { throttle: null, ...(emuOption?.policies ?? {}) } });
  const ownSe = seEmulator !== undefined && !(seEmulator instanceof SeApiEmulator);
  const se = seEmulator === undefined ? null : seEmulator instanceof SeApiEmulator ? seEmulator : await SeApiEmulator.start(seEmulator === true ? {} : seEmulator);
  if (se) emulator.attachSeApi(se);
  const ownStorage = appOptions.storageDir === undefined;
  const storageDir = appOptions.storageDir ?? (await mkdtemp(join(tmpdir(), 'botpy-test-')));
  const baseOptions: BootstrapOptions = {
    name: 'TestBot',
    rooms: [1],
    email: 'bot@example.com',
    password: 'botpass',
    logger: createLogger({ level: 'silent' }),
    env: {}, // BOTPY_* variables of the test process must not redirect the bot
    ...appOptions,
    storageDir,
    origins: { chat: emulator.origin, login: emulator.loginOrigin },
    ...(se ? { seApi: { pollInterval: 1, pollDelay: 10, ...(appOptions.seApi ?? {}), origin: se.origin, socketUrl: se.socketUrl } } : {}),
  };

  const handled = new Map<number, HandledMessage>();
  const waiters = new Map<number, (h: HandledMessage) => void>();
  let unsubscribe: () => void = () => undefined;
  let app: BotApplication;

  const launch = async (o: BootstrapOptions) => {
    app = await bootstrap(o);
    unsubscribe();
    unsubscribe = app.onMessageHandled((h) => {
      const w = waiters.get(h.messageId);
      if (w) {
        waiters.delete(h.messageId);
        w(h);
      } else {
        handled.set(h.messageId, h);
      }
    });
    if (start) await app.start();
    return app;
  };

  const cleanup = async () => {
    unsubscribe();
    if (ownEmulator) await emulator.stop();
    if (se && ownSe) await se.stop();
    if (ownStorage) await rm(storageDir, { recursive: true, force: true });
  };
  try {
    await launch(baseOptions);
  } catch (err) {
    await cleanup();
    throw err;
  }

  const waitHandled = (messageId: number, timeoutMs: number) =>
    new Promise<HandledMessage>((resolve, reject) => {
      const done = handled.get(messageId);
      if (done) {
        handled.delete(messageId);
        resolve(done);
        return;
      }
      const timer = setTimeout(() => {
        waiters.delete(messageId);
        reject(new Error(`the bot did not finish handling message ${messageId} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.set(messageId, (h) => {
        clearTimeout(timer);
        resolve(h);
      });
    });

  const toReply = (id: number): BotReply => {
    const m = emulator.world.message(id);
    if (!m) throw new Error(`the emulator has no message ${id}`);
    return { id: m.id, text: m.text, roomId: m.roomId, ...(m.parentId !== undefined ? { replyTo: m.parentId } : {}) };
  };

  return {
    get app() {
      return app;
    },
    emulator,
    se,
    storageDir,
    postQuestion(q, o) {
      if (!se) return Promise.reject(new Error('postQuestion needs createTestBot({ seEmulator: true })'));
      // a question posted before the bot's feed knows where "new" starts is, rightly, not new
      const watch = app.container.isRegistered(PostWatch, true) ? app.container.resolve(PostWatch) : null;
      const ready = watch && app.state === 'running' && !app.atStandby ? watch.ready(o?.timeoutMs ?? 15_000) : Promise.resolve(true);
      return ready.then(() => postQuestion(emulator, se, () => app.account?.id, app.rooms[0] ?? 1, q, o));
    },
    user(u) {
      const created = emulator.world.addUser({ name: u.name, ...(u.id !== undefined ? { id: u.id } : {}) });
      for (const roomId of u.ownerOf ?? []) emulator.world.setOwner(roomId, created.id, true);
      return { id: created.id, name: created.name };
    },
    room(id) {
      return {
        id,
        async say(user, text, o = {}) {
          const posted = emulator.world.post(user.id, id, text, o.parentId !== undefined ? { parentId: o.parentId } : {});
          if (!app.rooms.includes(id)) {
            await new Promise((r) => setTimeout(r, o.quietMs ?? 300));
            const self = app.account?.id;
            return emulator.world.transcript(id).filter((m) => m.id > posted.id && m.userId === self).map((m) => toReply(m.id));
          }
          const h = await waitHandled(posted.id, o.timeoutMs ?? DEFAULT_SAY_TIMEOUT_MS);
          return h.sentIds.map(toReply);
        },
        transcript: () => emulator.world.transcript(id),
        start(user, text, o = {}) {
          const posted = emulator.world.post(user.id, id, text, o.parentId !== undefined ? { parentId: o.parentId } : {});
          // handled before done() is called: kept in `handled` by the listener, collected by waitHandled
          return { id: posted.id, done: async (d = {}) => (await waitHandled(posted.id, d.timeoutMs ?? DEFAULT_SAY_TIMEOUT_MS)).sentIds.map(toReply) };
        },
        async botSays(match, o = {}) {
          const after = o.after ?? Math.max(0, ...emulator.world.transcript(id).map((m) => m.id));
          const hit = (m: EmuMessage) =>
            m.roomId === id && m.id > after && m.userId === app.account?.id && (typeof match === 'string' ? m.text.includes(match) : match.test(m.text));
          const m = await emulator.world.waitForMessage(hit, o.timeoutMs ?? 5000);
          return toReply(m.id);
        },
      };
    },
    async restart(overrides = {}) {
      await app.stop();
      return launch({ ...baseOptions, ...overrides, storageDir, origins: baseOptions.origins });
    },
    async stop() {
      await app.stop();
      await cleanup();
    },
  };
}
