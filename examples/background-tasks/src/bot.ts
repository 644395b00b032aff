import type { BootstrapOptions } from '@botpy/core';
import { BarTask } from './tasks/bar.task.js';
import { FooTask } from './tasks/foo.task.js';

/**
 * The background-task chapter of the BotpySE guide: `foo` every 10 s and `bar(5, 10)` every second,
 * next to the default commands. Tasks run with a fixed delay between runs (never overlapping), stop
 * on standby and on stop, and start again on failover.
 */
export const backgroundTasksBot = {
  name: 'TaskBot',
  rooms: [1],
  host: 'stackoverflow.com',
  tasks: [FooTask, BarTask],
} satisfies BootstrapOptions;
