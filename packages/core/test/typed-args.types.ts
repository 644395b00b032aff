// Type-level tests of typed arguments: compiled by `npm run typecheck` (tsc -p tsconfig.test.json), never run.
// Each `@ts-expect-error` must meet an error, so a regression of the inference fails the build.
import { Command, type ArgTypeMap, type ChatPerson, type CommandContext, type Params } from '@botpy/core';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const yes = <T extends true>(_proof?: T): void => undefined;

// declared by the app for its own type (bootstrap({ argTypes: { color } }))
declare module '@botpy/core' {
  interface ArgTypeMap {
    color: `#${string}`;
  }
}

yes<Equal<Params<'ban <user:user> <minutes:int(1..1440)> [reason:text]'>, { user: ChatPerson; minutes: number; reason?: string }>>();
yes<Equal<Params<'mode <mode:soft|hard>'>, { mode: 'soft' | 'hard' }>>();
yes<Equal<Params<'sum <n:int...> '>, { n: number[] }>>();
yes<Equal<Params<'tag [tags...]'>, { tags: string[] }>>();
yes<Equal<Params<'wait  <for:duration>  [note]'>, { for: number; note?: string }>>();
yes<Equal<Params<'open <to:url>'>, { to: URL }>>();
yes<Equal<Params<'ignore <user> <duration> [note]'>, { user: ChatPerson; duration: number; note?: string }>>(); // named after a type
yes<Equal<Params<'echo <text...>'>, { text: string }>>();
yes<Equal<Params<'echo [text...]'>, { text?: string }>>();
yes<Equal<Params<'paint <c:color>'>, { c: `#${string}` }>>();
yes<Equal<Params<'x <y:nosuchtype>'>, { y: unknown }>>();
yes<Equal<keyof Params<'echo * ...'>, never>>(); // no named arguments: nothing in ctx.params
yes<Equal<Params<string>, Record<string, unknown>>>();
// several usages: a union, each member with the others' arguments as optional undefined
yes<Equal<Params<'mode <mode:soft|hard>' | 'scale <factor:number>'>, { mode: 'soft' | 'hard'; factor?: undefined } | { factor: number; mode?: undefined }>>();
yes<Equal<ArgTypeMap['duration'], number>>();

const banUsage = ['ban <user:user> <minutes:int(1..1440)> [reason:text]'] as const;

@Command({ usage: banUsage })
export class Ban {
  run(ctx: CommandContext<typeof banUsage>) {
    const who: ChatPerson = ctx.params.user;
    const minutes: number = ctx.params.minutes;
    const reason: string | undefined = ctx.params.reason;
    const raw: string[] = ctx.args; // the strings stay
    // @ts-expect-error minutes is a number
    ctx.params.minutes.toUpperCase();
    // @ts-expect-error no such argument
    void ctx.params.hours;
    // @ts-expect-error reason may be missing
    const sure: string = ctx.params.reason;
    return [who, minutes, reason, raw, sure];
  }
}

@Command({ usage: ['mode <mode:soft|hard>'] })
export class Mode {
  run(ctx: CommandContext<'mode <mode:soft|hard>'>) {
    // @ts-expect-error not one of the choices
    const other: 'medium' = ctx.params.mode;
    return other;
  }
}

const twoUsages = ['mode <mode:soft|hard>', 'scale <factor:number(0..10)>'] as const;
@Command({ usage: twoUsages })
export class Two {
  run(ctx: CommandContext<typeof twoUsages>) {
    const factor: number | undefined = ctx.params.factor; // readable whatever usage matched
    // @ts-expect-error factor may be undefined here (the mode usage)
    const early: number = ctx.params.factor;
    if (ctx.params.mode !== undefined) {
      const mode: 'soft' | 'hard' = ctx.params.mode;
      return mode;
    }
    const sure: number = ctx.params.factor; // narrowed: the scale usage matched
    return [factor, early, sure];
  }
}

// the decorator checks that run() reads the usages it declares
// @ts-expect-error the usage says <minutes:int>, run() expects a duration named `for`
@Command({ usage: ['ban <user:user> <minutes:int>'] })
export class Mismatch {
  run(ctx: CommandContext<'ban <user:user> <for:duration>'>) {
    return ctx.params.for;
  }
}

// an untyped command is unchanged
@Command({ usage: ['echo * ...'] })
export class Echo {
  run(ctx: CommandContext) {
    const p: Record<string, unknown> = ctx.params;
    return [ctx.args.join(' '), p];
  }
}
