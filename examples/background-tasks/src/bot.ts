import type { BootstrapOptions } from '@botpy/core';
import { TaskSwitchCommand, TasksCommand } from './commands/tasks.command.js';
import { BarTask } from './tasks/bar.task.js';
import { FooTask } from './tasks/foo.task.js';

/**
 * The background-task chapter of the BotpySE guide: `foo` every 10 s and `bar(5, 10)` every second,
 * next to the default commands. Tasks run with a fixed delay between runs (never overlapping), stop
 * on standby and on stop, and start again on failover. `tasks`, `task stop *` and `task start *`
 * show and switch them at run time (`app.tasks`).
 */
export const backgroundTasksBot = {
  name: 'TaskBot',
  rooms: [1],
  host: 'stackoverflow.com',
  tasks: [FooTask, BarTask],
  // `tasks` lists them (state, last run, last error); a room owner can `task stop bar` / `task start bar`
  commands: [TasksCommand, TaskSwitchCommand],
} satisfies BootstrapOptions;
