import { bootstrap } from '@botpy/core';
import { botOptions } from './bot.js';

// Settings come from the environment (see .env.example); bootstrap() reads them:
//   ChatbotEmail / ChatbotPass   the bot's chat account login (never put them in the code)
//   BOTPY_HOST                   stackexchange.com (default), stackoverflow.com or meta.stackexchange.com
//   BOTPY_ROOMS                  comma-separated room ids (default: the rooms below)
//   BOTPY_ALIASES                more names the bot answers to
//   BOTPY_CHAT_ORIGIN / BOTPY_LOGIN_ORIGIN   set by `botpy dev` to use the local chat emulator
const app = await bootstrap({
  ...botOptions(),
  host: 'stackexchange.com',
  rooms: [1],
  // Ctrl-C / SIGTERM: stop gracefully (finish replies, save data, leave the rooms).
  handleSignals: true,
});
await app.start();
