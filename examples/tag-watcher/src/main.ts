import { bootstrap } from '@botpy/core';
import { tagWatcherBot } from './bot.js';

const env = process.env;
const app = await bootstrap({
  ...tagWatcherBot,
  seApi: {
    ...tagWatcherBot.seApi,
    ...(env.SE_API_KEY ? { key: env.SE_API_KEY } : {}),
    ...(env.BOTPY_SE_API_ORIGIN ? { origin: env.BOTPY_SE_API_ORIGIN, pollInterval: 2 } : {}),
    ...(env.BOTPY_SE_SOCKET_URL ? { socketUrl: env.BOTPY_SE_SOCKET_URL } : {}),
  },
  handleSignals: true,
});
await app.start();
await app.whenStopped();
