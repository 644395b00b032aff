/**
 * Loopback Stack Exchange chat and Redunda servers, with a browser chat page and fault knobs.
 *
 * @packageDocumentation
 * @module @botpy/emulator
 */
export * from './chat/index.js';
export * from './redunda/index.js';
