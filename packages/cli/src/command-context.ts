import type { Logger } from 'pino';

/** What a `botpy` sub-command gets: a logger and a way to print lines for the person. */
export interface CommandContext {
  logger: Logger;
  /** Prints lines to stdout as they are (banners, URLs), whatever the log format. */
  print(lines: string[]): void;
}
