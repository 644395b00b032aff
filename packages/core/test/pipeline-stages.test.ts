import 'reflect-metadata';
import { describe, expect, it, jest } from '@jest/globals';
import { createLogger } from '../src/logging/create-logger.js';
import { CommandRouter } from '../src/commands/command-router.js';
import type { RegisteredCommand } from '../src/commands/command-manager.js';
import { GuardChain } from '../src/guards/guard-chain.js';
import { refuse } from '../src/guards/guard.js';
import { MessageContext } from '../src/pipeline/message-context.js';
import { Pipeline, type Stage } from '../src/pipeline/pipeline.js';
import { ignoreOwnStage } from '../src/pipeline/stages/ignore-own.stage.js';
import { configuredRoomStage } from '../src/pipeline/stages/configured-room.stage.js';
import { eventsStage } from '../src/pipeline/stages/events.stage.js';
import { addressingStage } from '../src/pipeline/stages/addressing.stage.js';
import { roleGateStage } from '../src/pipeline/stages/role-gate.stage.js';
import { routeStage } from '../src/pipeline/stages/route.stage.js';
import { guardsStage } from '../src/pipeline/stages/guards.stage.js';
import type { IncomingMessage, TransportEvent } from '../src/transport/chat-transport.js';

const logger = createLogger({ level: 'silent' });
const message = (o: Partial<IncomingMessage> = {}): IncomingMessage => ({
  id: 10, text: '@TestBot alive', html: '', user: { id: 2, name: 'Bob' }, room: { id: 1, name: 'R' }, time: 0,
  isReply: false, repliedToBot: false, mentionsBot: true, ...o,
});
const event = (m: IncomingMessage | undefined, type = 1): TransportEvent => ({ type, typeName: type === 1 ? 'MessagePosted' : 'UserEntered', roomId: m?.room.id ?? 1, event: {}, ...(m ? { message: m } : {}) });
const context = (e: TransportEvent) => {
  const sent: { text: string; replyTo?: number }[] = [];
  const ctx = new MessageContext(e, async (_room, text, o) => (sent.push({ text, ...(o.replyTo ? { replyTo: o.replyTo } : {}) }), [sent.length + 100]));
  return { ctx, sent };
};
/** Runs one stage alone: did it call next, and how did it end the message? */
async function runStage(stage: Stage, e: TransportEvent, prepare?: (ctx: MessageContext) => void) {
  const { ctx, sent } = context(e);
  prepare?.(ctx);
  const next = jest.fn(async () => undefined);
  await stage.run(ctx, next);
  return { next: next.mock.calls.length, handled: await ctx.handled(), ctx, sent };
}
const cmd = (o: Partial<RegisteredCommand> = {}): RegisteredCommand =>
  ({ name: 'AliveCommand', type: class {} as never, usages: ['alive'], privilege: 0, description: '', timeoutMs: 1000, guards: [], ...o }) as RegisteredCommand;

describe('pipeline stages, each alone', () => {
  it('ignore-own ends the bot\'s own messages', async () => {
    const s = ignoreOwnStage(() => 2);
    expect(await runStage(s, event(message()))).toMatchObject({ next: 0, handled: { outcome: 'own', stage: 'ignore-own' } });
    expect((await runStage(ignoreOwnStage(() => 99), event(message()))).next).toBe(1);
  });

  it('configured-room ends events of other rooms', async () => {
    const s = configuredRoomStage([1]);
    expect(await runStage(s, event(message({ room: { id: 7, name: 'x' } })))).toMatchObject({ next: 0, handled: { outcome: 'not-configured', roomId: 7 } });
    expect((await runStage(s, event(message()))).next).toBe(1);
  });

  it('events delivers every event; only new messages go on', async () => {
    const seen: TransportEvent[] = [];
    const s = eventsStage((e) => seen.push(e));
    expect((await runStage(s, event(message()))).next).toBe(1);
    const entered = await runStage(s, event(undefined, 3));
    expect(entered.next).toBe(0);
    expect(entered.handled).toBeNull(); // not a message: nothing to report
    expect(seen.map((e) => e.type)).toEqual([1, 3]);
  });

  it('addressing sets the words of a ping or a reply to the bot, ends the rest as ignored', async () => {
    const s = addressingStage(() => ['TestBot'], (id) => id === 55);
    const pinged = await runStage(s, event(message({ text: '@tes echo a b' })));
    expect(pinged.next).toBe(1);
    expect(pinged.ctx.words).toEqual(['echo', 'a', 'b']);
    const reply = await runStage(s, event(message({ text: '@TestBot alive', isReply: true, parentId: 55, mentionsBot: false })));
    expect(reply.ctx.words).toEqual(['alive']);
    expect(await runStage(s, event(message({ text: 'just chatting' })))).toMatchObject({ next: 0, handled: { outcome: 'ignored', stage: 'addressing' } });
  });

  it('role-gate ends messages while not accepting (standby)', async () => {
    expect(await runStage(roleGateStage(() => false), event(message()))).toMatchObject({ next: 0, handled: { outcome: 'standby' } });
    expect((await runStage(roleGateStage(() => true), event(message()))).next).toBe(1);
  });

  it('role-gate: a message that arrives while taking over waits for the takeover instead of being dropped', async () => {
    let accepting = false;
    let finish!: () => void;
    const takeover = new Promise<void>((resolve) => (finish = resolve));
    const gate = roleGateStage(() => accepting, () => takeover);
    const pending = runStage(gate, event(message()));
    setTimeout(() => {
      accepting = true; // the reload is done and the role flips
      finish();
    }, 20);
    expect((await pending).next).toBe(1);
    // a takeover that ends on standby after all: the message is then treated as on standby
    const failed = roleGateStage(() => false, () => Promise.resolve());
    expect(await runStage(failed, event(message()))).toMatchObject({ next: 0, handled: { outcome: 'standby' } });
  });

  it('route finds the command, or replies the hint once and ends as unmatched', async () => {
    const router = new CommandRouter<RegisteredCommand>([cmd()]);
    const s = routeStage(router, 'try help', logger);
    const hit = await runStage(s, event(message()), (ctx) => (ctx.words = ['alive']));
    expect(hit.next).toBe(1);
    expect(hit.ctx.match?.command.name).toBe('AliveCommand');
    const miss = await runStage(s, event(message()), (ctx) => (ctx.words = ['nope']));
    expect(miss).toMatchObject({ next: 0, handled: { outcome: 'unmatched', sentIds: [101] }, sent: [{ text: 'try help', replyTo: 10 }] });
    const quiet = await runStage(routeStage(router, null, logger), event(message()), (ctx) => (ctx.words = ['nope']));
    expect(quiet.sent).toEqual([]);
  });

  it('guards: a refusal is replied (unless silent) and ends with its identifier; ok goes on', async () => {
    const router = new CommandRouter<RegisteredCommand>([cmd()]);
    const route = (ctx: MessageContext) => (ctx.match = router.route(['alive']));
    const no = new GuardChain([{ id: 'nope', check: () => refuse('nope', 'Not you.') }], [], []);
    expect(await runStage(guardsStage(no, logger), event(message()), route)).toMatchObject({
      next: 0, handled: { outcome: 'refused', reason: 'nope', command: 'AliveCommand', stage: 'guards' }, sent: [{ text: 'Not you.', replyTo: 10 }],
    });
    const silent = new GuardChain([{ id: 'hush', check: () => refuse('hush', null) }], [], []);
    expect((await runStage(guardsStage(silent, logger), event(message()), route)).sent).toEqual([]);
    expect((await runStage(guardsStage(new GuardChain([], [], []), logger), event(message()), route)).next).toBe(1);
  });

  it('the pipeline runs stages in order and stops at the one that ends the message', async () => {
    const order: string[] = [];
    const stage = (name: string, end = false): Stage => ({ name, run: (ctx, next) => (order.push(name), end ? ctx.end(name, 'ignored') : next()) });
    const { ctx } = context(event(message()));
    await new Pipeline([stage('a'), stage('b', true), stage('c')]).run(ctx);
    expect(order).toEqual(['a', 'b']);
    expect(await ctx.handled()).toMatchObject({ stage: 'b', outcome: 'ignored' });
  });
});
