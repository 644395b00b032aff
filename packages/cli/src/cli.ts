#!/usr/bin/env node
import { runBotpyCli } from './program.js';

process.exitCode = await runBotpyCli(process.argv.slice(2));
