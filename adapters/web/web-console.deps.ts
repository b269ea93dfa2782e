import type { InboundEvent } from '../../src/core/commands/inbound.types.ts';
import type { CommandOutcome } from '../../src/core/coordination/command-outcome.ts';
import type { DirectoryReader } from '../../src/core/directory/directory.port.ts';
import type { IncidentFormSpec } from '../../src/core/messages/outbound.types.ts';
import type { Clock } from '../../src/core/ports/clock.port.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import type { SupervisorView } from '../../src/core/supervision/supervision.types.ts';
import type { SupervisorViewOptions } from '../../src/core/supervision/supervisor-view.service.ts';
import type { WebMessageStore } from './web-message-store.port.ts';
import type { WebEventHub } from './web-event-hub.ts';
import type { ConsoleGate } from './console-access.ts';
import type { WebDoor } from './web-door.ts';
import type { SignInDeps } from './routes/login-routes.ts';

/** The slice of a structured logger the console uses (the composition root passes the app's logger). */
export interface WebLogger {
  log(level: 'debug' | 'info' | 'warn' | 'error', event: string, fields?: Record<string, unknown>): void;
}

/** The coordination core as the console sees it: the same front door as every chat adapter. */
export interface ConsoleCore {
  handle(event: InboundEvent): Promise<CommandOutcome>;
  form(locale: Locale): Promise<IncidentFormSpec>;
}

/** What the console needs, wired by src/cli/wire-web.ts. */
export interface WebConsoleDeps {
  core: ConsoleCore;
  /** Stores each request in the durable inbox before it runs. */
  door: WebDoor;
  directory: DirectoryReader;
  store: WebMessageStore;
  hub: WebEventHub;
  supervisorView(personId: string, options: SupervisorViewOptions): Promise<SupervisorView | null>;
  clock: Clock;
  logger: WebLogger;
  gate: ConsoleGate;
  /** OpenID Connect sign-in and sessions; absent in the local demo (open mode). */
  signIn?: SignInDeps;
  /** Messages per channel on a page. */
  pageSize?: number;
  /** Keep-alive comment interval on event streams. */
  heartbeatMs?: number;
}
