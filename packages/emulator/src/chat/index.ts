export { ChatEmulator, WS_ROUTE, loadWorld, type ChatEmulatorOptions, type ChatEmulatorStats } from './chat-emulator.js';
export { World, type StoredEvent } from './world.js';
<<<<<<< HEAD
export { Faults, CLOUDFLARE_REASON } from './faults.js';
export { BotInspector, type InspectEntry } from './bot-inspector.js';
=======
export { Faults, CLOUDFLARE_REASON, type OutageKind } from './faults.js';
>>>>>>> ab571a9 (chat: reconnect back-off that a flapping socket cannot reset (stableMs), outages kept apart from logouts, persisted password-login rate limit, capped throttle waits, concurrent completion of cut-off messages, GET size cap; emulator: outage, closeSocketsAfter and hugeNext fault knobs)
export { EmulatorError } from './emulator-error.js';
export { DEMO_WORLD } from './demo-world.js';
export { parseWorldFile, worldFileProblems } from './world-file.js';
export { renderMessage, renderInline, htmlToText } from './render.js';
export { throttleMessage } from './throttle.js';
export { ROOM_REFUSAL } from './chat-routes.js';
export {
  defaultPolicies,
  systemClock,
  type ChatPolicies,
  type Clock,
  type EmuMessage,
  type EmuRoom,
  type EmuUser,
  type MessageChangeKind,
  type ServerName,
  type WireEvent,
  type WorldFile,
} from './types.js';
