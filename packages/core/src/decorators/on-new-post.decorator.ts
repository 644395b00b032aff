/** Options of `@OnNewPost`. */
export interface OnNewPostOptions {
  /** API site parameter, e.g. `stackoverflow`, `superuser`. */
  site: string;
  /** Only posts with any of these tags (default: every post of the site); changeable at run time with `PostWatch.setTags`. */
  tags?: readonly string[];
  /** Questions (default) or answers. */
  type?: 'question' | 'answer';
  /** Rooms a returned report goes to (default: every room of the bot). */
  rooms?: readonly number[];
}

/** One `@OnNewPost` method as recorded. */
export interface OnNewPostRecord extends OnNewPostOptions {
  readonly method: string | symbol;
}

const NEW_POST_METADATA = Symbol.for('botpy:on-new-post');

/**
 * Marks a method as a handler of new posts on a Stack Exchange site (`@botpy/se-api`'s realtime
 * feed with its polling fallback). The method gets a `NewPost`; a returned string (or list of
 * strings) is posted as a report in the bot's rooms through the normal send path. Handlers run only
 * while this instance is active. Needs `bootstrap({ seApi: {...} })`; only records metadata.
 */
export function OnNewPost(options: OnNewPostOptions): MethodDecorator {
  return (target, propertyKey) => {
    const ctor = target.constructor;
    const list: OnNewPostRecord[] = [...((Reflect.getOwnMetadata(NEW_POST_METADATA, ctor) as OnNewPostRecord[] | undefined) ?? [])];
    list.push({ ...options, method: propertyKey });
    Reflect.defineMetadata(NEW_POST_METADATA, list, ctor);
  };
}

/** The handler methods recorded by `@OnNewPost` on a class. */
export function getNewPostHandlers(target: unknown): readonly OnNewPostRecord[] {
  return typeof target === 'function' ? ((Reflect.getOwnMetadata(NEW_POST_METADATA, target) as OnNewPostRecord[] | undefined) ?? []) : [];
}
