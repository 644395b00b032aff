import { bootstrap } from '@botpy/core';
import { simpleChatbot } from './bot.js';

// Runs until a privileged user sends `@TestBot stop` (or the process gets SIGINT/SIGTERM);
// `@TestBot reboot` starts the process over. Data lives in ~/.testbot.
const app = await bootstrap({ ...simpleChatbot, handleSignals: true });
await app.start();
await app.whenStopped();
