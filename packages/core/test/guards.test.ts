import { describe, expect, it } from '@jest/globals';
import { PrivilegeService } from '../src/privileges/privilege-service.js';
import type { PrivilegeRepository } from '../src/privileges/privilege-repository.js';
import { PrivilegeGuard } from '../src/guards/privilege.guard.js';
import { RoomsGuard } from '../src/guards/rooms.guard.js';
import { EnabledGuard } from '../src/guards/enabled.guard.js';
import { CooldownGuard } from '../src/guards/cooldown.guard.js';
import { GuardChain } from '../src/guards/guard-chain.js';
import { ALLOW, refuse, type Guard, type GuardInput } from '../src/guards/guard.js';
import { CommandSwitches } from '../src/commands/command-switches.js';
import type { RegisteredCommand } from '../src/commands/command-manager.js';

const memory = (): PrivilegeRepository => {
  let data = { grants: [] as never[] };
  return { location: 'memory', load: async () => data, save: async (d) => void (data = d as never) };
};
const cmd = (o: Partial<RegisteredCommand> = {}): RegisteredCommand =>
  ({ name: 'Ping', type: class {} as never, usages: ['ping'], privilege: 0, description: '', timeoutMs: 1000, guards: [], ...o }) as RegisteredCommand;
const input = (command: RegisteredCommand, o: Partial<GuardInput> = {}): GuardInput => ({ command, roomId: 1, userId: 2, dryRun: false, now: 1_000_000, ...o });
const texts = { refused: (n: string, h: string) => `need ${n}, have ${h}`, unusable: 'unusable', ownersOnly: 'owners only' };

describe('PrivilegeGuard (the privilege rule, once)', () => {
  const setup = async () => {
    const p = new PrivilegeService(memory());
    p.addLevel(1, 'regular');
    p.addLevel(2, 'admin');
    await p.load();
    await p.grant(1, { id: 2, name: 'Bob' }, 1);
    return p;
  };
  it('lets a user at or above the level through, refuses below with the levels named', async () => {
    const p = await setup();
    const g = new PrivilegeGuard(p, texts, null);
    expect(await g.check(input(cmd({ privilege: 1 })))).toEqual(ALLOW);
    expect(await g.check(input(cmd({ privilege: 2 })))).toEqual({ ok: false, id: 'privilege', text: 'need admin (2), have regular (1)' });
    expect(await g.check(input(cmd({ privilege: 'top' }), { userId: 3 }))).toMatchObject({ ok: false, id: 'privilege' });
  });
  it('a command above every level is unusable', async () => {
    const g = new PrivilegeGuard(await setup(), texts, null);
    expect(await g.check(input(cmd({ privilege: 5 })))).toEqual({ ok: false, id: 'unusable', text: 'unusable', outcome: 'unusable' });
  });
  it('with no level defined, top commands are for room owners (when asked) or anyone', async () => {
    const p = new PrivilegeService(memory());
    await p.load();
    const owners = new PrivilegeGuard(p, texts, async (_room, user) => user === 1);
    expect(await owners.check(input(cmd({ privilege: 'top' }), { userId: 1 }))).toEqual(ALLOW);
    expect(await owners.check(input(cmd({ privilege: 'top' }), { userId: 2 }))).toEqual({ ok: false, id: 'owners-only', text: 'owners only' });
    expect(await new PrivilegeGuard(p, texts, null).check(input(cmd({ privilege: 'top' })))).toEqual(ALLOW);
  });
});

describe('RoomsGuard', () => {
  it('refuses a command outside its rooms, allows inside and when unrestricted', () => {
    const g = new RoomsGuard();
    expect(g.check(input(cmd({ rooms: [5] }), { roomId: 5 }))).toEqual(ALLOW);
    expect(g.check(input(cmd({ rooms: [5] }), { roomId: 1 }))).toMatchObject({ ok: false, id: 'rooms' });
    expect(g.check(input(cmd()))).toEqual(ALLOW);
  });
});

describe('EnabledGuard and CommandSwitches', () => {
  const alive = cmd({ name: 'AliveCommand', usages: ['alive', 'status'] });
  const other = cmd({ name: 'Other', usages: ['other *'] });
  it('disables by class name or first usage word, everywhere or per room; enable undoes', () => {
    const s = new CommandSwitches(() => [alive, other]);
    const g = new EnabledGuard(s);
    expect(g.check(input(alive))).toEqual(ALLOW);
    s.disable('alive', 1);
    expect(g.check(input(alive))).toMatchObject({ ok: false, id: 'disabled' });
    expect(g.check(input(alive, { roomId: 2 }))).toEqual(ALLOW);
    expect(g.check(input(other))).toEqual(ALLOW);
    s.enable('AliveCommand', 1);
    expect(g.check(input(alive))).toEqual(ALLOW);
    s.disable('STATUS');
    expect(s.isEnabled(alive, 1) || s.isEnabled(alive, 2)).toBe(false);
    s.enable('alive', 2); // back on in one room only
    expect([s.isEnabled(alive, 1), s.isEnabled(alive, 2)]).toEqual([false, true]);
    s.enable('alive');
    expect(s.isEnabled(alive, 1)).toBe(true);
    expect(() => s.disable('nope')).toThrow(/no command is called "nope"/);
  });
});

describe('CooldownGuard', () => {
  it('per user: the second run within the window is refused once with the wait, then silently; later ok', () => {
    const g = new CooldownGuard();
    const c = cmd({ cooldown: { seconds: 10, per: 'user' } });
    expect(g.check(input(c))).toEqual(ALLOW);
    g.passed(input(c));
    expect(g.check(input(c, { now: 1_003_000 }))).toEqual({ ok: false, id: 'cooldown', text: 'That command is cooling down for you: try again in 7 s.' });
    expect(g.check(input(c, { now: 1_004_000 }))).toEqual({ ok: false, id: 'cooldown', text: null }); // no reply storm
    expect(g.check(input(c, { now: 1_004_000, userId: 3 }))).toEqual(ALLOW); // another user
    expect(g.check(input(c, { now: 1_004_000, roomId: 9 }))).toMatchObject({ ok: false }); // per user, in every room
    expect(g.check(input(c, { now: 1_010_000 }))).toEqual(ALLOW);
  });
  it('per room and global', () => {
    const g = new CooldownGuard();
    const room = cmd({ cooldown: { seconds: 5, per: 'room' } });
    g.passed(input(room));
    expect(g.check(input(room, { userId: 3, now: 1_001_000 }))).toMatchObject({ ok: false, text: 'That command is cooling down in this room: try again in 4 s.' });
    expect(g.check(input(room, { roomId: 2, now: 1_001_000 }))).toEqual(ALLOW);
    const global = cmd({ name: 'G', cooldown: { seconds: 5, per: 'global' } });
    g.passed(input(global));
    expect(g.check(input(global, { roomId: 2, userId: 9, now: 1_001_000 }))).toMatchObject({ ok: false, text: 'That command is cooling down: try again in 4 s.' });
  });
  it('dry-run (help) answers ok and records nothing; commands without a cooldown are never limited', () => {
    const g = new CooldownGuard();
    const c = cmd({ cooldown: { seconds: 10 } });
    g.passed(input(c));
    expect(g.check(input(c, { dryRun: true, now: 1_001_000 }))).toEqual(ALLOW);
    const free = cmd({ name: 'Free' });
    g.passed(input(free));
    expect(g.check(input(free, { now: 1_000_001 }))).toEqual(ALLOW);
  });
});

describe('GuardChain', () => {
  const recorder = (id: string, ok: boolean, log: string[]): Guard => ({
    id,
    check: () => (log.push(`check ${id}`), ok ? ALLOW : refuse(id, `no (${id})`)),
    passed: () => void log.push(`passed ${id}`),
  });
  it('asks built-in, global, command and trailing guards in order; the first refusal wins; passed() only when all said ok and not in dry-run', async () => {
    const log: string[] = [];
    const c = cmd({ guards: [recorder('own', true, log)] });
    const chain = new GuardChain([recorder('a', true, log)], [recorder('global', true, log)], [recorder('z', true, log)]);
    expect(await chain.check({ ...input(c), command: c })).toBeNull();
    expect(log).toEqual(['check a', 'check global', 'check own', 'check z', 'passed a', 'passed global', 'passed own', 'passed z']);
    log.length = 0;
    expect(await chain.check({ ...input(c, { dryRun: true }), command: c })).toBeNull();
    expect(log).toEqual(['check a', 'check global', 'check own', 'check z']);
    log.length = 0;
    const refusing = new GuardChain([recorder('a', true, log)], [recorder('global', false, log)], [recorder('z', true, log)]);
    expect(await refusing.check({ ...input(c), command: c })).toEqual({ ok: false, id: 'global', text: 'no (global)' });
    expect(log).toEqual(['check a', 'check global']);
  });

  it('checkNow answers without a promise when every guard answers at once, and goes on asynchronously, in order, after a guard that returns one', async () => {
    const log: string[] = [];
    const c = cmd({ guards: [recorder('own', true, log)] });
    const sync = new GuardChain([recorder('a', true, log)], [], [recorder('z', true, log)]);
    expect(sync.checkNow({ ...input(c), command: c })).toBeNull(); // not a promise: the command runs in the same turn
    expect(log).toEqual(['check a', 'check own', 'check z', 'passed a', 'passed own', 'passed z']);
    log.length = 0;
    const refusing = new GuardChain([recorder('a', false, log)], [], []);
    expect(refusing.checkNow({ ...input(c), command: c })).toEqual({ ok: false, id: 'a', text: 'no (a)' });
    log.length = 0;
    const later: Guard = { id: 'later', check: async () => (log.push('check later'), ALLOW), passed: () => void log.push('passed later') };
    const mixed = new GuardChain([recorder('a', true, log), later], [], [recorder('z', false, log)]);
    const answer = mixed.checkNow({ ...input(c), command: c });
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toEqual({ ok: false, id: 'z', text: 'no (z)' });
    expect(log).toEqual(['check a', 'check later', 'check own', 'check z']);
  });
  it('the privilege guard answers at once unless it must ask chat who owns the room', async () => {
    const p = new PrivilegeService(memory());
    p.addLevel(1, 'regular');
    await p.load();
    expect(new PrivilegeGuard(p, texts, async () => true).check(input(cmd({ privilege: 0 })))).toEqual(ALLOW);
    const none = new PrivilegeService(memory());
    await none.load();
    const owners = new PrivilegeGuard(none, texts, async () => false).check(input(cmd({ privilege: 'top' })));
    expect(owners).toBeInstanceOf(Promise);
    expect(await owners).toEqual({ ok: false, id: 'owners-only', text: 'owners only' });
  });
});
