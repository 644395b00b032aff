import { Command, type CommandContext } from '@botpy/core';
import { Heartbeat } from '../services/heartbeat.js';

/** `@bot uptime` → how long the bot has been up and how many heartbeats its task recorded. */
@Command({ usage: ['uptime'], description: 'how long the bot has been running' })
export class UptimeCommand {
  constructor(private readonly heartbeat: Heartbeat) {}

  async run(ctx: CommandContext): Promise<void> {
    const seconds = Math.round((Date.now() - this.heartbeat.startedAt.getTime()) / 1000);
    const beats = this.heartbeat.count === 1 ? '1 heartbeat' : `${this.heartbeat.count} heartbeats`;
    await ctx.reply(`Up for ${seconds} s, ${beats}.`);
  }
}
