import { BackgroundTask, inject, Logger } from '@botpy/core';

/** The guide's `foo`: says "foo" every 10 seconds (BotpySE: `BackgroundTask(foo, 10)`). */
@BackgroundTask({ interval: 10 })
export class FooTask {
  constructor(@inject(Logger) protected readonly logger: Logger) {}

  run(): void {
    this.logger.info('foo');
  }
}
