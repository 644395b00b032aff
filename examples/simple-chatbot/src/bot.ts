import { defaultCommands, type BootstrapOptions } from '@botpy/core';

/**
 * The "simple chatbot" of the BotpySE guide: a bot named TestBot with every built-in command and no
 * commands of its own, in room 1 (the Sandbox) of Stack Overflow chat, without background tasks.
 * Credentials come from the environment (ChatbotEmail / ChatbotPass), never from the code.
 */
export const simpleChatbot = {
  name: 'TestBot',
  rooms: [1],
  host: 'stackoverflow.com',
  defaultCommands: [...defaultCommands],
  tasks: [],
} satisfies BootstrapOptions;
