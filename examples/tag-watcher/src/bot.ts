import type { BootstrapOptions } from '@botpy/core';
import { TagsCommand } from './tags.command.js';
import { TagWatcher } from './tag-watcher.js';

/**
 * A tag watcher: reports new Stack Overflow questions in some tags into room 1, and `tags …`
 * changes the tags at run time. The API key (optional: 300 requests a day without, 10,000 with)
 * comes from SE_API_KEY; BOTPY_SE_API_ORIGIN / BOTPY_SE_SOCKET_URL point it at an emulator.
 */
export const tagWatcherBot = {
  name: 'TagWatcher',
  rooms: [1],
  host: 'stackoverflow.com',
  handlers: [TagWatcher],
  commands: [TagsCommand],
  // the API is polled behind the realtime feed every 60 s, looking back 120 s (the defaults)
  seApi: {},
} satisfies BootstrapOptions;
