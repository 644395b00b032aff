/**
 * Botpy itself: decorators, dependency injection, bootstrap(), commands, privileges, background
 * tasks and the application lifecycle.
 *
 * @packageDocumentation
 * @module @botpy/core
 */
// reflect-metadata must load before any decorated class is defined: the first statement (it loads
// reflect-metadata, then tsyringe).
import './commonjs-packages.js';

// Dependency injection helpers, so an app needs only this one import.
export { injectable, inject, container, injectAll, delay } from './commonjs-packages.js';
export type { DependencyContainer, InjectionToken } from 'tsyringe';

export { bootstrap } from './bootstrap.js';
export type { BootstrapOptions, BotMessages, RedundaOptions, ChatHost, SignalSource, HealthOptions, PortFactoryContext } from './bot-options.js';
export { createLogger } from './logging/create-logger.js';
export { BotApplication, type AppHealth, type AppState } from './bot-application.js';

export { Command, getCommandMetadata, type CommandOptions, type CommandHandler, type CommandClass, type CommandClassFor } from './decorators/command.decorator.js';
export {
  BackgroundTask, getBackgroundTaskMetadata, DEFAULT_TASK_INTERVAL,
  type BackgroundTaskOptions, type BackgroundTaskHandler, type BackgroundTaskClass,
} from './decorators/background-task.decorator.js';
export { OnEvent, getEventHandlers, type EventSelector, type OnEventOptions } from './decorators/on-event.decorator.js';
export { UseGuards, getUseGuards } from './decorators/use-guards.decorator.js';
export type { ListenOptions } from './events/event-bus.js';
export { OnRedundaEvent, getRedundaEventHandlers } from './decorators/on-redunda-event.decorator.js';
export { OnNewPost, getNewPostHandlers, type OnNewPostOptions, type OnNewPostRecord } from './decorators/on-new-post.decorator.js';
export { SeApi, PostWatch } from './se-api/se-api-tokens.js';
export type { SeApiOptions } from './se-api/se-api-options.js';
export type { PostWatchApp } from './se-api/post-watch.js';
export type { NewPost } from '@botpy/se-api';
export {
  DecoratorMetadataError, REQUIRED_COMPILER_OPTIONS, type ClassWithoutMetadata,
} from './decorators/decorator-metadata-check.js';

export { CommandContext, type PostOptions, type ContextConversation } from './commands/command-context.js';
export { Conversations, type Answer, type PendingQuestion, type WaitRequest } from './conversations/conversations.js';
export { DEFAULT_ASK_TIMEOUT_S, yesNo, type AskOptions, type ConfirmOptions } from './conversations/ask.js';
export type { RepliedMessage } from './replies/replied-message.js';
export {
  ReplyDataStore, REPLY_DATA_NAMESPACE, REPLY_DATA_KEY, DEFAULT_REPLY_DATA_KEEP, DEFAULT_REPLY_DATA_TTL_S, MAX_REPLY_DATA_CHARS,
  type ReplyDataOptions, type StoredBotMessage,
} from './replies/reply-data-store.js';
export type { CommandManager, RegisteredCommand, RunningCommand } from './commands/command-manager.js';
export type { HandledMessage, HandledOutcome } from './pipeline/handled-message.js';
export { MessageContext } from './pipeline/message-context.js';
export { Pipeline, type Stage } from './pipeline/pipeline.js';
export { ALLOW, refuse, type Guard, type GuardClass, type GuardInput, type GuardResult, type GuardRefusal, type GuardedCommand } from './guards/guard.js';
export type { CooldownOptions } from './guards/cooldown-options.js';
export { GuardChain } from './guards/guard-chain.js';
export { PrivilegeGuard } from './guards/privilege.guard.js';
export { RoomsGuard } from './guards/rooms.guard.js';
export { EnabledGuard } from './guards/enabled.guard.js';
export { CooldownGuard } from './guards/cooldown.guard.js';
export { CommandSwitches } from './commands/command-switches.js';
export { parseUsagePattern, matchUsagePattern, type UsagePattern, type UsageToken } from './commands/usage-pattern.js';
export { renderUsage } from './commands/usage-text.js';
export type { ArgSlot, ArgMode } from './commands/args/arg-slot.js';
export type { ArgApp, ArgInput, ArgParser, ArgTypeDefinition } from './commands/args/arg-type.js';
export { ArgTypes, builtInArgTypes } from './commands/args/arg-types.js';
export type { ArgTypeMap, Params, ParamsOf, UsageList } from './commands/args/params-of.js';
export { parseDuration } from './commands/args/duration-arg.js';
export { messageIdOf } from './commands/args/message-arg.js';
export { CommandRouter, type RouteMatch, type RoutableCommand } from './commands/command-router.js';
export { address, isPingOf, pingForm, MIN_PING_PREFIX } from './commands/addressing.js';
export { defaultCommands } from './commands/builtin/default-commands.js';
export { AliveCommand } from './commands/builtin/alive.command.js';
export { AmIPrivilegedCommand } from './commands/builtin/am-i-privileged.command.js';
export { MembershipCommand } from './commands/builtin/membership.command.js';
export { RunningCommandsCommand } from './commands/builtin/running-commands.command.js';
export { PrivilegeUserCommand } from './commands/builtin/privilege-user.command.js';
export { UnprivilegeUserCommand } from './commands/builtin/unprivilege-user.command.js';
export { RebootCommand } from './commands/builtin/reboot.command.js';
export { StopCommand } from './commands/builtin/stop.command.js';
export { HelpCommand } from './commands/builtin/help.command.js';
export { LocationCommand } from './commands/builtin/location.command.js';
export { StandbyStatusCommand } from './commands/builtin/standby-status.command.js';
export { ErrorLogsCommand } from './commands/builtin/error-logs.command.js';

export { PrivilegeService, type PrivilegeSubject } from './privileges/privilege-service.js';
export type { PrivilegeLevel, PrivilegeGrant, PrivilegeData } from './privileges/privilege-level.js';
export { JsonFilePrivilegeRepository, PRIVILEGES_FILE } from './privileges/json-file-privilege-repository.js';
export { StoragePrivilegeRepository, PRIVILEGES_DOCUMENT } from './privileges/storage-privilege-repository.js';
export { JsonFileStorage, type JsonFileStorageOptions } from './storage/json-file-storage.js';
export { FolderLock, LOCK_FILE } from './storage/folder-lock.js';
export { SoloCoordinator } from './coordination/solo-coordinator.js';
export { RedundaCoordinator } from './coordination/redunda-coordinator.js';
export { FixedDelayScheduler } from './scheduler/fixed-delay-scheduler.js';
export type { ScheduledJob, JobInfo } from './scheduler/scheduler.js';
export type { JobSchedule } from './scheduler/job-schedule.js';
export { CronSchedule, parseCron, type CronScheduleOptions } from './scheduler/cron-schedule.js';
export { CronRunRecord, CRON_RUNS_DOCUMENT } from './scheduler/cron-run-record.js';
export { ErrorLog, DEFAULT_ERROR_LOG_SIZE, type ErrorEntry, type ErrorSource } from './reporting/error-log.js';
export { ErrorNotifier, kindOf, type ErrorNotifierOptions } from './reporting/error-notifier.js';
export { SecretRedactor, REDACTED } from './reporting/redact-secrets.js';
export { formatErrorLogs, errorEntryLines } from './reporting/format-error-logs.js';
export type { ErrorReportOptions, ErrorNotifyOptions } from './reporting/error-report-options.js';
export {
  CHAT_CAPABILITIES, type ChatPerson, type IncomingMessage, type TransportEvent, type SendOptions, type TransportHealth,
  type DrainResult, type ChatTransportCapabilities, type ChatCapability, type ChatMessageDetails, type ChatUserDetails, type ChatRoomDetails,
} from './transport/chat-transport.js';
export { requireCapability, supports } from './transport/require-capability.js';
export type { CoordinatorRole } from './coordination/coordinator.js';
export { SeChatTransport, type SeChatTransportOptions } from './transport/se-chat-transport.js';
export type { RedundaLink } from './redunda/redunda-link.js';
export { ChatTransport, PrivilegeRepository, RedundaService, Scheduler, Logger, Storage, Coordinator, StopConfirmation } from './tokens.js';
export {
  HealthServer, HealthServerError, healthReport, type HealthServerOptions, type HealthReport,
} from './health/health-server.js';
export {
  evaluateHealth, DEFAULT_HEALTH_THRESHOLDS, type HealthSnapshot, type HealthStatus, type HealthThresholds, type TaskHealth,
} from './health/health-snapshot.js';
export { renderPrometheusMetrics, PROMETHEUS_CONTENT_TYPE } from './health/prometheus-metrics.js';
export { appHealthSnapshot, type HealthSource } from './health/app-health-snapshot.js';
export { DEV_CHANNEL, type DevReport } from './dev/dev-channel.js';
export * from './errors.js';
export { ChatActionError, type ChatActionRefusal } from './actions/chat-action-error.js';
export { ChatActions, EDIT_WINDOW_MS, type ChatActionsDeps } from './actions/chat-actions.js';
export { OwnMessageLog, type OwnMessage } from './actions/own-message-log.js';
export { RoomUsers, ROOM_USERS_NAMESPACE, type RoomUser } from './users/room-users.js';
export { LiveRoomOwners, OWNERS_TTL_MS } from './users/live-room-owners.js';
export { ChatSurface, type ChatSurfaceDeps } from './actions/chat-surface.js';
export { TaskControl } from './scheduler/task-control.js';
