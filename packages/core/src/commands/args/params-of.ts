import type { ChatMessageDetails, ChatPerson, ChatRoomDetails } from '../../transport/chat-transport.js';

/**
 * The value type of each argument type, by name. An app's own types are added by augmenting it:
 * `declare module '@botpy/core' { interface ArgTypeMap { color: string } }` (else they are `unknown`).
 */
export interface ArgTypeMap {
  int: number;
  number: number;
  string: string;
  text: string;
  /** Milliseconds. */
  duration: number;
  user: ChatPerson;
  room: ChatRoomDetails;
  message: ChatMessageDetails;
  url: URL;
}

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer L} ` ? Trim<L> : S;
type Words<S extends string> = S extends `${infer A} ${infer B}` ? [A, ...Words<Trim<B>>] : S extends '' ? [] : [S];
type Choices<T extends string> = T extends `${infer A}|${infer B}` ? A | Choices<B> : T;
type Named<T extends string> = T extends keyof ArgTypeMap ? ArgTypeMap[T] : unknown;
type ValueOf<T extends string> = T extends `${string}|${string}` ? Choices<T> : T extends `${infer B}(${string})` ? Named<B> : Named<T>;
type NoDots<S extends string> = S extends `${infer X}...` ? X : S extends `${infer X}…` ? X : S;
type IsList<S extends string> = S extends `${string}...` | `${string}…` ? true : false;
type NameOf<S extends string> = S extends `${infer N}:${string}` ? N : S;
type Implied = 'int' | 'number' | 'text' | 'duration' | 'user' | 'room' | 'url';
type TypeOf<S extends string> = S extends `${string}:${infer T}` ? T : S extends Implied ? S : 'string';
type One<I extends string> = ValueOf<TypeOf<I>>;
/** `<text...>` (named after the type text) is the rest of the message as one string, not a list. */
type Many<I extends string> = NoDots<I> extends 'text' ? string : One<NoDots<I>>[];
type Slot<W extends string> = W extends `<${infer I}>`
  ? IsList<I> extends true ? { [K in NameOf<NoDots<I>>]: Many<I> } : { [K in NameOf<I>]: One<I> }
  : W extends `[${infer I}]`
    ? IsList<I> extends true ? (NoDots<I> extends 'text' ? { text?: string } : { [K in NameOf<NoDots<I>>]: Many<I> }) : { [K in NameOf<I>]?: One<I> }
    : unknown;
type Merge<Ws extends string[]> = Ws extends [infer H extends string, ...infer R extends string[]] ? Slot<H> & Merge<R> : unknown;
type Simplify<T> = { [K in keyof T]: T[K] };

type Each<U extends string> = U extends string ? Simplify<Merge<Words<Trim<U>>>> : never;
type KeysOf<T> = T extends unknown ? keyof T : never;
/** Each member of a union gets the others' keys as `?: undefined`, so `ctx.params.x` can be read (and narrowed) whatever usage matched. */
type Exclusive<T, All extends PropertyKey> = T extends unknown ? Simplify<T & { [K in Exclude<All, keyof T>]?: undefined }> : never;

/**
 * `ctx.params` for a usage, read from the usage string itself:
 * `Params<'ban <user:user> <minutes:int(1..1440)> [reason:text]'>` is
 * `{ user: ChatPerson; minutes: number; reason?: string }`. Several usages give a union in which
 * each member has the others' arguments as `?: undefined`; a plain `string` gives `Record<string, unknown>`.
 */
export type Params<U extends string> = string extends U ? Record<string, unknown> : Exclusive<Each<U>, KeysOf<Each<U>>>;

/** The usages of a command, given as one string or as the `usage` list (`typeof usage`, with `as const`). */
export type UsageList = string | readonly string[];

/** `Params` of a usage list. */
export type ParamsOf<U extends UsageList> = Params<U extends readonly string[] ? U[number] : U & string>;
