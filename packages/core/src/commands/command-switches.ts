import { ConfigError } from '../errors.js';
import type { RegisteredCommand } from './command-manager.js';

/**
 * Run-time on/off switches of commands, everywhere or per room (`app.commands.disable(name, roomId?)`),
 * as Botpy allowed by editing its command list. A command is named by its class name or by any word
 * that starts one of its usages (`'alive'`), case-insensitively.
 */
export class CommandSwitches {
  private readonly off = new Set<string>(); // `${name}` or `${name}@${roomId}`
  private readonly onIn = new Set<string>(); // exceptions to a global switch-off: `${name}@${roomId}`

  constructor(private readonly commands: () => readonly RegisteredCommand[]) {}

  disable(ref: string, roomId?: number): RegisteredCommand {
    const c = this.find(ref);
    if (roomId === undefined) {
      this.off.add(c.name);
      for (const k of [...this.onIn]) if (k.startsWith(`${c.name}@`)) this.onIn.delete(k);
    } else {
      this.off.add(`${c.name}@${roomId}`);
      this.onIn.delete(`${c.name}@${roomId}`);
    }
    return c;
  }

  enable(ref: string, roomId?: number): RegisteredCommand {
    const c = this.find(ref);
    if (roomId === undefined) {
      for (const k of [...this.off]) if (k === c.name || k.startsWith(`${c.name}@`)) this.off.delete(k);
      for (const k of [...this.onIn]) if (k.startsWith(`${c.name}@`)) this.onIn.delete(k);
    } else {
      this.off.delete(`${c.name}@${roomId}`);
      if (this.off.has(c.name)) this.onIn.add(`${c.name}@${roomId}`);
    }
    return c;
  }

  isEnabled(command: { readonly name: string }, roomId: number): boolean {
    if (this.off.size === 0) return true;
    if (this.off.has(`${command.name}@${roomId}`)) return false;
    return !this.off.has(command.name) || this.onIn.has(`${command.name}@${roomId}`);
  }

  /** The command a reference names; ConfigError when none. */
  find(ref: string): RegisteredCommand {
    const want = String(ref).toLowerCase();
    const all = this.commands();
    const c = all.find((x) => x.name.toLowerCase() === want) ?? all.find((x) => x.usages.some((u) => u.trim().split(/\s+/)[0].toLowerCase() === want));
    if (!c) throw new ConfigError(`no command is called "${ref}" (use the class name or the first word of a usage)`);
    return c;
  }
}
