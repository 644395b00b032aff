export * from './chat/index.js';
export * from './redunda/index.js';
