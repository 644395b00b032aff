import type { Coordinator, CoordinatorRole } from './coordinator.js';

/** The default coordinator: one instance, always active, nothing to coordinate. */
export class SoloCoordinator implements Coordinator {
  readonly kind = 'solo';
  readonly role: CoordinatorRole = 'active';

  constructor(readonly location: string | null = null) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  onRoleChange(): () => void {
    return () => undefined;
  }

  mayAct(): boolean {
    return true;
  }

  dataChanged(): void {}
}
