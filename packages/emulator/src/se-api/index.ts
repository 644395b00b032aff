export { SeApiEmulator, type SeApiEmulatorOptions, type SeApiPolicies, type SeClock } from './se-api-emulator.js';
export { SeApiFaults, type SeViolation } from './se-api-faults.js';
export { SeData, type PostedQuestion } from './se-data.js';
export { EMU_SITES, type EmuSite, type EmuQuestion, type EmuAnswer, type EmuComment, type EmuSeUser } from './se-world.js';
export { encodeHtml } from './se-render.js';
