/**
 * The Redunda client: status pings, role election, data-file sync and events for running several instances of a bot.
 *
 * @packageDocumentation
 * @module @botpy/redunda
 */
export { RedundaClient, REDUNDA_MAX_FILE_BYTES, REDUNDA_NAME_RE } from './redunda-client.js';
export type { RedundaClientOptions, RedundaEventData, RedundaFileEntry, RedundaRequestOptions, RedundaStatus } from './redunda-client.js';
export { RedundaService } from './redunda-service.js';
export type { RedundaHealth, RedundaRole, RedundaServiceOptions } from './redunda-service.js';
export { RedundaEvent } from './redunda-event.js';
export {
  BadKeyError,
  FileTooLargeError,
  IntegrityError,
  RedundaError,
  RedundaHttpError,
  RedundaProtocolError,
  RedundaUnavailableError,
  UnsafeNameError,
} from './errors.js';
export type { RedundaFailureKind } from './errors.js';
export { checkRelativePath, decodeName, encodeName, resolveDataPath } from './name-mapping.js';
export { FileSync, sha256 } from './file-sync.js';
export type { ConflictReport, SyncResult } from './file-sync.js';
export { SyncManifest } from './sync-manifest.js';
export type { ManifestEntry } from './sync-manifest.js';
export { DEFAULT_RETRY, withRetry, isRetryable } from './retry.js';
export type { RetryPolicy } from './retry.js';
export { redact } from './redact.js';
