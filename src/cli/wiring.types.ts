import type { Database } from '../infra/db/database.ts';
import type { SambandEnv } from '../infra/config/env.ts';
import type { Logger } from '../infra/log/logger.ts';
import type { HttpMount } from '../infra/server/http-server.ts';
import type { CoordinationService } from '../core/coordination/coordination.service.ts';
import type { ChatPlatform } from '../core/ports/chat-platform.port.ts';
import type { Clock } from '../core/ports/clock.port.ts';
import type { DirectoryReader } from '../core/directory/directory.port.ts';
import type { RequestInbox } from '../core/ports/request-inbox.port.ts';
import type { RosterSource } from '../core/shift/shift.port.ts';

/** What the composition root hands each adapter's wiring. */
export interface WiringContext {
  env: SambandEnv;
  db: Database;
  service: CoordinationService;
  directory: DirectoryReader;
  clock: Clock;
  logger: Logger;
  /** Where adapters store what they receive before they acknowledge it. */
  inbox: RequestInbox;
  /** The app's one roster store (its cached snapshot), for roster feeds and weekly packs. */
  shifts: RosterSource;
}

/** One adapter, wired: the platform it delivers through, the HTTP paths it answers, and its lifecycle. */
export interface AdapterWiring {
  name: string;
  platform?: ChatPlatform;
  mounts: HttpMount[];
  /** Called once the HTTP server listens (Socket Mode connects here). */
  start?(): Promise<void>;
  /** Called on shutdown, before the database closes. */
  stop?(): Promise<void>;
  /**
   * Resolves once no acknowledged request is still being worked on. Lets a test show that nothing happened after
   * a request without sleeping (and a graceful stop wait for work in hand).
   */
  drain?(): Promise<void>;
}

/** Builds an adapter from the environment, or returns null when it is not configured. */
export type AdapterWire = (context: WiringContext) => Promise<AdapterWiring | null>;
