/**
 * Loopback Stack Exchange chat, Stack Exchange API (with its realtime socket) and Redunda servers, with a browser chat page and fault knobs.
 *
 * @packageDocumentation
 * @module @botpy/emulator
 */
export * from './chat/index.js';
export * from './redunda/index.js';
export * from './se-api/index.js';
