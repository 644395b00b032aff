export { createTestBot, type TestBot, type TestBotOptions, type TestRoom, type TestUser, type BotReply, type SayOptions } from './create-test-bot.js';
