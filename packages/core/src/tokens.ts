import type { InjectionToken } from 'tsyringe';
import type { Logger as PinoLogger } from 'pino';
import type { ChatTransport as ChatTransportApi } from './transport/chat-transport.js';
import type { PrivilegeRepository as PrivilegeRepositoryApi } from './privileges/privilege-repository.js';
import type { Scheduler as SchedulerApi } from './scheduler/scheduler.js';
import type { RedundaLink } from './redunda/redunda-link.js';
import type { Storage as StorageApi } from './storage/storage.js';
import type { Coordinator as CoordinatorApi } from './coordination/coordinator.js';

// Each token shares its name with the interface it stands for: `@inject(Scheduler) s: Scheduler`.

/** The chat connection (interface: transport/chat-transport.ts). */
export type ChatTransport = ChatTransportApi;
export const ChatTransport: InjectionToken<ChatTransportApi> = Symbol('botpy.ChatTransport');

/** Where grants are stored (interface: privileges/privilege-repository.ts). */
export type PrivilegeRepository = PrivilegeRepositoryApi;
export const PrivilegeRepository: InjectionToken<PrivilegeRepositoryApi> = Symbol('botpy.PrivilegeRepository');

/** The Redunda role machine, registered only when the `redunda` option is given. */
export type RedundaService = RedundaLink;
export const RedundaService: InjectionToken<RedundaLink> = Symbol('botpy.RedundaService');

/** Runs background tasks. */
export type Scheduler = SchedulerApi;
export const Scheduler: InjectionToken<SchedulerApi> = Symbol('botpy.Scheduler');

/** The application's pino logger. */
export type Logger = PinoLogger;
export const Logger: InjectionToken<PinoLogger> = Symbol('botpy.Logger');


/** Named JSON documents of the app (interface: storage/storage.ts; default: the JSON-file store in `storageDir`). */
export type Storage = StorageApi;
export const Storage: InjectionToken<StorageApi> = Symbol('botpy.Storage');

/** Decides whether this instance is the active one (interface: coordination/coordinator.ts; default: solo). */
export type Coordinator = CoordinatorApi;
export const Coordinator: InjectionToken<CoordinatorApi> = Symbol('botpy.Coordinator');

/** Whether the built-in `stop` and `reboot` ask for a confirmation first (`bootstrap({ confirmStop })`). */
export interface StopConfirmation {
  readonly required: boolean;
}
export const StopConfirmation: InjectionToken<StopConfirmation> = Symbol('botpy.StopConfirmation');
