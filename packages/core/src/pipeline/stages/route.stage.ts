import type { Logger } from 'pino';
import type { RegisteredCommand } from '../../commands/command-manager.js';
import type { CommandRouter } from '../../commands/command-router.js';
import { unmatchedHint } from '../../commands/unmatched-hint.js';
import type { MessageContext } from '../message-context.js';
import type { Stage } from '../pipeline.js';
import { replyQuietly } from '../reply-quietly.js';

/**
 * Stage 6: finds the command and its arguments. An addressed message matching none is explained
 * (unless `unknownCommand` is null, which turns every hint off): when its words name a command
 * whose arguments do not fit, the reply is that command's usage (outcome `'usage'`); when its first
 * word is near a command word, "did you mean"; else the `unknownCommand` text.
 * `names()`: the bot's names, the first one addresses it in the usage (`@TestBot echo <text…>`).
 */
export function routeStage(router: CommandRouter<RegisteredCommand>, unknownCommand: string | null, logger: Logger, names: () => readonly string[] = () => ['bot']): Stage {
  return {
    name: 'route',
    run(ctx, next) {
      const match = router.route(ctx.words);
      if (match) {
        ctx.match = match;
        return next();
      }
      if (unknownCommand === null) return ctx.end('route', 'unmatched');
      return hintAt(ctx, unknownCommand);
    },
  };

  /** Explains an addressed message that matched no command (a reply: asynchronous). */
  async function hintAt(ctx: MessageContext, unknownCommand: string): Promise<void> {
    const address = `@${(names()[0] ?? 'bot').replace(/\s+/g, '')}`;
    const hint = unmatchedHint(ctx.words, router.commands, address);
    if (hint.kind === 'usage') {
      await replyQuietly(ctx, hint.text, logger);
      return ctx.end('route', 'usage', undefined, hint.command.name);
    }
    const text = hint.kind === 'did-you-mean'
      ? `I don't know \`${ctx.words[0] ?? ''}\`: did you mean ${orList(hint.words.map((w) => `\`${w}\``))}? Try "${address} help".`
      : unknownCommand;
    await replyQuietly(ctx, text, logger);
    return ctx.end('route', 'unmatched');
  }
}

/** `a`, `a or b`, `a, b or c`. */
function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
