import { BackgroundTask, inject, Logger } from '@botpy/core';

/** The guide's `bar(a, b)`, which printed `a + b`. */
export function bar(a: number, b: number): number {
  return a + b;
}

/**
 * The guide's `BackgroundTask(lambda x: bar(5, 10), 1)`: every second. A task that needs arguments
 * takes them from its own code or from injected services — there is no callback to bind.
 */
@BackgroundTask({ interval: 1 })
export class BarTask {
  constructor(@inject(Logger) protected readonly logger: Logger) {}

  run(): void {
    this.logger.info(`bar: ${bar(5, 10)}`);
  }
}
