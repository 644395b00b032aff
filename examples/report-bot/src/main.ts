import { bootstrap } from '@botpy/core';
import { reportBot } from './bot.js';

const app = await bootstrap({ ...reportBot({ timezone: process.env.REPORT_TIMEZONE }), handleSignals: true });
await app.start();
await app.whenStopped();
