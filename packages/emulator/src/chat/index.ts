export { ChatEmulator, WS_ROUTE, loadWorld, type ChatEmulatorOptions, type ChatEmulatorStats } from './chat-emulator.js';
export { World, type StoredEvent } from './world.js';
export { Faults, CLOUDFLARE_REASON, type OutageKind } from './faults.js';
export { BotInspector, type InspectEntry } from './bot-inspector.js';
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
