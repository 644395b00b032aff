import { bootstrap } from '@botpy/core';
import { tagWatcherBot } from './bot.js';

const env = process.env;
// `botpy dev examples/tag-watcher` points it at the emulators (BOTPY_* variables, read by bootstrap)
const app = await bootstrap({
  ...tagWatcherBot,
  seApi: {
    ...tagWatcherBot.seApi,
    ...(env.SE_API_KEY ? { key: env.SE_API_KEY } : {}),
  },
  handleSignals: true,
});
await app.start();
await app.whenStopped();
