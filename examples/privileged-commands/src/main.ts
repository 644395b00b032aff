import { bootstrap } from '@botpy/core';
import { privilegedBot } from './bot.js';

// Credentials, host, rooms and the chat/login servers come from the environment (ChatbotEmail,
// ChatbotPass, BOTPY_HOST, BOTPY_ROOMS, BOTPY_CHAT_ORIGIN, BOTPY_LOGIN_ORIGIN): `botpy dev` sets
// them for the emulator. Grants live in ~/.privilegebot.
const app = await bootstrap({ ...privilegedBot, handleSignals: true });
await app.start();
await app.whenStopped();
