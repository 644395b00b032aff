/**
 * createTestBot(): the real application on a local chat emulator, for bot authors' jest tests.
 *
 * @packageDocumentation
 * @module @botpy/testing
 */
export { createTestBot, type TestBot, type TestBotOptions, type TestRoom, type TestUser, type BotReply, type SayOptions, type StartedMessage } from './create-test-bot.js';
export { postQuestion, type TestQuestion, type PostQuestionOptions, type QuestionReport } from './post-question.js';
