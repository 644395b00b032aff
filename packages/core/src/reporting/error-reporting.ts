import type { Logger } from 'pino';
import type { BootstrapOptions } from '../bot-options.js';
import { ErrorLog } from './error-log.js';
import { ErrorNotifier } from './error-notifier.js';
import type { ResolvedErrorReports } from './error-report-options.js';
import { SecretRedactor } from './redact-secrets.js';

/** What the notifier needs of the application. */
export interface ErrorReportingApp {
  readonly name: string;
  send(roomId: number, text: string): Promise<unknown>;
  whenStopped(): Promise<void>;
}

/** The secrets a bootstrap() configuration holds (and the environment it reads). */
export function configuredSecrets(o: BootstrapOptions): string[] {
  const env = o.env ?? process.env;
  const redis = o.coordination?.redis as { url?: unknown; password?: unknown } | undefined;
  const fromUrl = (u: unknown): string[] => {
    if (typeof u !== 'string') return [];
    try {
      const url = new URL(u);
      return [url.password, decodeURIComponent(url.password)].filter((s) => s.length > 0);
    } catch {
      return [];
    }
  };
  return [
    o.password, o.email, o.redunda?.key, o.seApi?.key, o.seApi?.accessToken,
    typeof redis?.password === 'string' ? redis.password : undefined, ...fromUrl(redis?.url),
    env.ChatbotPass, env.ChatbotEmail, env.BOTPY_REDIS_PASSWORD, ...fromUrl(env.BOTPY_REDIS_URL),
  ].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

/** The error log of an app: bounded, secrets removed with the configuration's secrets. */
export function createErrorLog(o: BootstrapOptions, reports: ResolvedErrorReports): ErrorLog {
  return new ErrorLog(reports.keep, new SecretRedactor(configuredSecrets(o)));
}

/** With `errorReports.notify`: pings the maintainers on new kinds of errors until the app stops. */
export function attachErrorNotifier(app: ErrorReportingApp, log: ErrorLog, reports: ResolvedErrorReports, logger: Logger): ErrorNotifier | null {
  if (!reports.notify) return null;
  const notifier = new ErrorNotifier({ ...reports.notify, botName: app.name, send: (room, text) => app.send(room, text), logger });
  const off = log.onRecord((e) => notifier.notice(e));
  void app.whenStopped().then(() => {
    off();
    notifier.close();
  });
  return notifier;
}
