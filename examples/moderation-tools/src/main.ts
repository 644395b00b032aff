import { bootstrap } from '@botpy/core';
import { moderationTools } from './bot.js';

const app = await bootstrap({ ...moderationTools, handleSignals: true });
await app.start();
await app.whenStopped();
