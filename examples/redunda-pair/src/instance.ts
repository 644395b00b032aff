import { bootstrap, createLogger } from '@botpy/core';
import { pairBot, redundaFromEnv } from './bot.js';

/**
 * Runs one instance until it is stopped. Besides the Redunda settings (see redundaFromEnv) it reads
 * `PAIRBOT_STORAGE_DIR` (default ~/.pairbot; two instances on one machine need two directories) and
 * `PAIRBOT_LOCATION` (what `location` answers when Redunda does not say). Credentials, host, rooms
 * and the chat/login servers come from the environment as for every Botpy app (ChatbotEmail,
 * ChatbotPass, BOTPY_HOST, BOTPY_ROOMS, BOTPY_CHAT_ORIGIN, BOTPY_LOGIN_ORIGIN).
 */
export async function runInstance(env: Record<string, string | undefined>): Promise<void> {
  const location = env.PAIRBOT_LOCATION;
  const app = await bootstrap({
    ...pairBot,
    // the instance's location in every log line, so the two instances' logs can be told apart
    logger: createLogger({ name: location ? `${pairBot.name}@${location}` : pairBot.name, env }),
    redunda: redundaFromEnv(env),
    ...(env.PAIRBOT_STORAGE_DIR ? { storageDir: env.PAIRBOT_STORAGE_DIR } : {}),
    ...(location ? { location } : {}),
    env,
    handleSignals: true,
  });
  await app.start();
  await app.whenStopped();
}
