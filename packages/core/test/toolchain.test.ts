import 'reflect-metadata';
import { container, injectable } from 'tsyringe';
import { describe, expect, it } from '@jest/globals';

@injectable()
class Greeter {
  hello(name: string) { return `hi ${name}`; }
}
@injectable()
class UsesGreeter {
  constructor(public readonly greeter: Greeter) {}
}

describe('toolchain', () => {
  it('injects constructor dependencies through decorator metadata', () => {
    const c = container.createChildContainer();
    expect(c.resolve(UsesGreeter).greeter.hello('x')).toBe('hi x');
  });
});
