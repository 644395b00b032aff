import { BotpyError } from '../errors.js';

/** The TypeScript compiler options a Botpy app needs: constructor injection reads the emitted metadata. */
export const REQUIRED_COMPILER_OPTIONS = ['experimentalDecorators', 'emitDecoratorMetadata'] as const;

/** A decorated class bootstrap() will construct, and the role it has in the app. */
export interface DecoratedClass {
  role: 'command' | 'task' | 'handler';
  type: unknown;
}

/** One class whose constructor takes parameters but has no `design:paramtypes` metadata. */
export interface ClassWithoutMetadata {
  role: DecoratedClass['role'];
  name: string;
  parameters: number;
}

/**
 * A command, task or handler class takes constructor parameters, but the compiler recorded no types
 * for them, so they cannot be injected. It happens when the app is compiled without
 * `experimentalDecorators` + `emitDecoratorMetadata` (TypeScript's standard decorators emit no
 * metadata), or by a tool that never emits it (tsx, esbuild, vite).
 */
export class DecoratorMetadataError extends BotpyError {
  readonly classes: readonly ClassWithoutMetadata[];
  readonly compilerOptions = REQUIRED_COMPILER_OPTIONS;

  constructor(classes: ClassWithoutMetadata[]) {
    const list = classes.map((c) => `${c.name} (${c.role}, ${c.parameters} constructor parameter${c.parameters === 1 ? '' : 's'})`).join(', ');
    super(
      'DECORATOR_METADATA',
      `no constructor type metadata for ${list}, so their dependencies cannot be injected. ` +
        'Turn on "experimentalDecorators": true and "emitDecoratorMetadata": true in the compilerOptions of your tsconfig.json ' +
        "and rebuild with tsc (TypeScript's standard decorators, tsx, esbuild and vite emit no metadata; swc does with decoratorMetadata: true).",
    );
    this.classes = classes;
  }
}

/** The classes of `classes` whose constructor takes parameters but carries no `design:paramtypes`. */
export function findClassesWithoutMetadata(classes: Iterable<DecoratedClass>): ClassWithoutMetadata[] {
  const missing: ClassWithoutMetadata[] = [];
  const seen = new Set<unknown>();
  for (const { role, type } of classes) {
    if (typeof type !== 'function' || seen.has(type)) continue;
    seen.add(type);
    // tsyringe reads the same key (through the prototype chain, so a subclass without its own constructor inherits it).
    if (type.length > 0 && Reflect.getMetadata('design:paramtypes', type) === undefined) {
      missing.push({ role, name: type.name || '(anonymous class)', parameters: type.length });
    }
  }
  return missing;
}

/**
 * Called by bootstrap() before anything is constructed: throws a DecoratorMetadataError naming
 * every command, task and handler class that could not be injected, instead of tsyringe's
 * `TypeInfo not known for "X"` when the class is first used.
 */
export function assertDecoratorMetadata(o: { commands?: Iterable<unknown>; tasks?: Iterable<unknown>; handlers?: Iterable<unknown> }): void {
  const classes: DecoratedClass[] = [
    ...[...(o.commands ?? [])].map((type) => ({ role: 'command' as const, type })),
    ...[...(o.tasks ?? [])].map((type) => ({ role: 'task' as const, type })),
    ...[...(o.handlers ?? [])].map((type) => ({ role: 'handler' as const, type })),
  ];
  const missing = findClassesWithoutMetadata(classes);
  if (missing.length > 0) throw new DecoratorMetadataError(missing);
}
