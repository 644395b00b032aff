/**
 * The Stack Exchange API (per-method backoff, quota, burst limit, paging, id batching, filters, text
 * twins) and the realtime post feed with its polling fallback.
 *
 * @packageDocumentation
 * @module @botpy/se-api
 */
export { SeApi, type ListParams, type QuestionParams, type SearchParams } from './se-api.js';
export { SeApiClient, type SeApiClientOptions, type CallOptions } from './se-api-client.js';
export { Paged } from './paged.js';
export { PostFeed, type PostFeedOptions, type FeedSubscription } from './post-feed.js';
export { RealtimeSocket, type RealtimeSocketOptions } from './realtime-socket.js';
export type { NewPost, RealtimeQuestion } from './new-post.js';
export { FilterRegistry, BUILTIN_FILTERS, type FilterStore, type ResolvedFilter } from './filter-registry.js';
export { QuotaGauge, nextUtcMidnight, type QuotaState } from './quota-gauge.js';
export { MethodGate, type MethodGateOptions, type GateExit } from './method-gate.js';
export { BurstLimiter } from './burst-limiter.js';
export { methodOf, encodeParams, batches } from './method-name.js';
export { addTextTwins, decodeEntities, ENCODED_FIELDS } from './text-twins.js';
export { systemClock, type Clock } from './clock.js';
export * from './errors.js';
export type * from './types.js';
