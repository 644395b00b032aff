export { RedundaEmulator } from './redunda-emulator.js';
export type {
  RedundaClockLike,
  RedundaEmulatorOptions,
  RedundaEmuInstance,
  RedundaEmuFile,
  RedundaEmuEvent,
  RedundaPingRecord,
} from './redunda-emulator.js';
export { RedundaFaults } from './redunda-faults.js';
export type { RedundaFault, RedundaRoute } from './redunda-faults.js';
export { electPreferred } from './election.js';
export type { ElectionCandidate } from './election.js';
export { railsHeaderName, storedEventHeaders } from './event-headers.js';
