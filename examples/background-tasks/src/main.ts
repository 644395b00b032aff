import { bootstrap } from '@botpy/core';
import { backgroundTasksBot } from './bot.js';

// Credentials, host, rooms and the chat/login servers come from the environment (ChatbotEmail,
// ChatbotPass, BOTPY_HOST, BOTPY_ROOMS, BOTPY_CHAT_ORIGIN, BOTPY_LOGIN_ORIGIN): `botpy dev` sets
// them for the emulator. Watch the log: "bar: 15" every second, "foo" every 10 seconds.
const app = await bootstrap({ ...backgroundTasksBot, handleSignals: true });
await app.start();
await app.whenStopped();
