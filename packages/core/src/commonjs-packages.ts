/// <reference types="reflect-metadata" />
import { createRequire } from 'node:module';
import type * as Pino from 'pino';
import type * as Tsyringe from 'tsyringe';

/**
 * Core's CommonJS dependencies, loaded with `require` rather than `import`: importing a CommonJS
 * package from an ES module makes Node scan its source for export names, which leaves memory
 * resident in an idle bot (docs/design/memory.md). reflect-metadata is loaded first, before
 * tsyringe and before any decorated class is defined.
 */
const require = createRequire(import.meta.url);

require('reflect-metadata');

export const { injectable, inject, container, injectAll, delay } = require('tsyringe') as typeof Tsyringe;

export const { pino } = require('pino') as typeof Pino;
