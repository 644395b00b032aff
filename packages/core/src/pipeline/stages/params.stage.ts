import type { Logger } from 'pino';
import type { ArgApp } from '../../commands/args/arg-type.js';
import type { ArgTypes } from '../../commands/args/arg-types.js';
import { parseParams } from '../../commands/args/parse-params.js';
import { getCommandMetadata } from '../../decorators/command.decorator.js';
import { renderUsage } from '../../commands/usage-text.js';
import { ArgumentError } from '../../errors.js';
import type { MessageContext } from '../message-context.js';
import type { Stage } from '../pipeline.js';
import { replyQuietly } from '../reply-quietly.js';

/**
 * Stage 7: reads the named arguments of the matched usage (`<minutes:int>`, `<user:user>` …) into
 * `ctx.params`. A word that does not fit is answered with the argument's name, what is wrong and
 * the usage (outcome `'usage'`, `reason` the argument); an app's type that throws anything but
 * ArgumentError is a fault: logged, answered with `errorText` (outcome `'error'`). Usages without
 * named arguments pass straight through.
 */
export function paramsStage(types: ArgTypes, app: ArgApp, logger: Logger, names: () => readonly string[], errorText: string): Stage {
  return {
    name: 'params',
    run(ctx, next) {
      if (ctx.match!.usage.slots.length === 0) return next(); // no named arguments: synchronous
      return withParams(ctx, next);
    },
  };

  /** Parses the named arguments (argument types may be asynchronous). */
  async function withParams(ctx: MessageContext, next: () => Promise<void>): Promise<void> {
    const match = ctx.match!;
    const m = ctx.message!;
    try {
      ctx.params = await parseParams(match.usage, match.args, { message: m, roomId: m.room.id, app }, types);
    } catch (err) {
      if (!(err instanceof ArgumentError)) {
        logger.error({ err, command: match.command.name, messageId: m.id }, `an argument type of ${match.command.name} threw`);
        await replyQuietly(ctx, errorText, logger);
        return ctx.end('params', 'error');
      }
      const address = `@${(names()[0] ?? 'bot').replace(/\s+/g, '')}`;
      const usage = renderUsage(match.usage.source, getCommandMetadata(match.command.type)?.args ?? []);
      const what = err.message.replace(/[.\s]+$/, '');
      await replyQuietly(ctx, `${err.argument ?? 'argument'}: ${what}. usage: ${address} ${usage}`, logger);
      return ctx.end('params', 'usage', err.argument);
    }
    return next();
  }
}
