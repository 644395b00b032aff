import { Command, type CommandContext } from '@botpy/core';

const ago = (t: number | null): string => (t === null ? 'never' : `${Math.max(0, Math.round((Date.now() - t) / 1000))} s ago`);

/** `tasks`: each task's state, last run and last error; `task stop *` / `task start *` (privileged) by name. */
@Command({ usage: ['tasks'] })
export class TasksCommand {
  async run(ctx: CommandContext): Promise<void> {
    const lines = ctx.app.tasks.list().map((t) => `${t.name}: ${t.state}, ${t.runs} runs, last ${ago(t.lastRunAt)}${t.lastError ? `, last error "${t.lastError.message}"` : ''}`);
    await ctx.reply(lines.join('; '));
  }
}

@Command({ usage: ['task stop *', 'task start *'], privilege: 'top' })
export class TaskSwitchCommand {
  async run(ctx: CommandContext): Promise<void> {
    const name = ctx.args[0]!;
    const known = ctx.usageIndex === 0 ? await ctx.app.tasks.stop(name) : ctx.app.tasks.start(name);
    await ctx.reply(known ? `${name} ${ctx.usageIndex === 0 ? 'stopped' : 'started'}.` : `There is no task called ${name}: ${ctx.app.tasks.list().map((t) => t.name).join(', ')}.`);
  }
}
