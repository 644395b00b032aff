import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Command, type RegisteredCommand } from '@botpy/core';
import { renderUsage } from '../src/commands/usage-text.js';
import { unmatchedHint } from '../src/commands/unmatched-hint.js';
import { closestMatch, closestMatches } from '../src/text/closest-match.js';

@Command({ usage: ['echo * ...'], args: ['text'], description: 'Repeats what you say.' })
class Echo {
  run() {}
}
@Command({ usage: ['privilege * *', 'addpriv * *'], args: ['user', 'level'] })
class Privilege {
  run() {}
}
@Command({ usage: ['alive', 'status'] })
class Alive {
  run() {}
}
@Command({ usage: ['running commands', 'rc'] })
class Running {
  run() {}
}
const reg = (type: new () => { run(): void }, usages: string[]): RegisteredCommand => ({ name: type.name, type, usages, privilege: 0, description: '', timeoutMs: 1000, guards: [] });
const commands = [reg(Echo, ['echo * ...']), reg(Privilege, ['privilege * *', 'addpriv * *']), reg(Alive, ['alive', 'status']), reg(Running, ['running commands', 'rc'])];

describe('usages as a chat user reads them', () => {
  it('renders patterns with names from the metadata, or <arg>/[args…]', () => {
    expect(renderUsage('echo * ...', ['text'])).toBe('echo <text…>');
    expect(renderUsage('echo * ...')).toBe('echo <arg…>');
    expect(renderUsage('privilege * *', ['user', 'level'])).toBe('privilege <user> <level>');
    expect(renderUsage('privilege * *')).toBe('privilege <arg1> <arg2>');
    expect(renderUsage('test ...')).toBe('test [args…]');
    expect(renderUsage('note * ...', ['title', 'body'])).toBe('note <title…>');
    expect(renderUsage('Running Commands')).toBe('running commands');
  });

  it('explains an unmatched message: the usage of the command it names, or the command it nearly names', () => {
    expect(unmatchedHint(['echo'], commands, '@TestBot')).toMatchObject({ kind: 'usage', text: 'usage: @TestBot echo <text…>' });
    expect(unmatchedHint(['privilege', 'Bob'], commands, '@TestBot')).toMatchObject({ kind: 'usage', text: 'usage: @TestBot privilege <user> <level>' });
    expect(unmatchedHint(['addpriv'], commands, '@TestBot')).toMatchObject({ kind: 'usage', text: 'usage: @TestBot addpriv <user> <level>' });
    expect(unmatchedHint(['alive', 'now'], commands, '@TestBot')).toMatchObject({ kind: 'usage', text: 'usage: @TestBot alive' });
    expect(unmatchedHint(['running'], commands, '@TestBot')).toMatchObject({ kind: 'usage', text: 'usage: @TestBot running commands' });
    expect(unmatchedHint(['alvie'], commands, '@TestBot')).toEqual({ kind: 'did-you-mean', word: 'alive', words: ['alive'] });
    expect(unmatchedHint(['ehco', 'hi'], commands, '@TestBot')).toEqual({ kind: 'did-you-mean', word: 'echo', words: ['echo'] });
    expect(unmatchedHint(['weather'], commands, '@TestBot')).toEqual({ kind: 'unknown' });
  });

  it('closestMatches names every candidate as near as the nearest (a tie is not guessed)', () => {
    expect(closestMatches('rol', ['alive', 'role', 'roll', 'Role'])).toEqual(['role', 'roll']);
    expect(closestMatches('rolll', ['role', 'roll'])).toEqual(['roll']);
    expect(closestMatches('zzz', ['role', 'roll'])).toEqual([]);
  });

  it('closestMatch tolerates one slip in short words, two in longer ones', () => {
    expect(closestMatch('rom', ['room', 'rooms'])).toBe('room');
    expect(closestMatch('privilge', ['privilege', 'privileges'])).toBe('privilege');
    expect(closestMatch('xyz', ['alive'])).toBeUndefined();
  });
});
