import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openDatabase, type Database } from '../infra/db/database.ts';
import { applyMigrations, migrationStatus } from '../infra/db/migrator.ts';
import { waitForDatabase } from '../infra/db/wait-for-database.ts';
import type { SambandEnv } from '../infra/config/env.ts';
import { BUNDLED_CONFIG_PATH, formatConfigErrors, loadConfigFile } from '../infra/config/load-config-file.ts';
import { loadConfigIntoDatabase } from '../infra/config/load-config-into-database.ts';
import type { DeploymentConfig } from '../infra/config/config.schema.ts';
import { PrismaDirectoryReader } from '../infra/directory/prisma-directory-reader.ts';
import { followDirectoryChanges } from '../infra/directory/directory-changes.ts';
import type { PgListener } from '../infra/db/pg-listener.ts';
import { PrismaIncidentStore } from '../infra/incident/prisma-incident-store.ts';
import { DeliveryWorker } from '../infra/delivery/delivery-worker.ts';
import { createHttpServer, type HttpServerOptions } from '../infra/server/http-server.ts';
import { createLogger, type Logger } from '../infra/log/logger.ts';
import { CoordinationService } from '../core/coordination/coordination.service.ts';
import type { CoordinationDeps } from '../core/kernel/core-deps.ts';
import { PrismaShiftStore } from '../infra/shift/prisma-shift-store.ts';
import { PrismaHandoverStore } from '../infra/handover/prisma-handover-store.ts';
import { PrismaDigestStore } from '../infra/digest/prisma-digest-store.ts';
import { SqlPackReader } from '../infra/pack/sql-pack-reader.ts';
import { RosterOnDutyResolver } from '../core/shift/roster-on-duty.resolver.ts';
import { remindHandoverStart, sweepHandovers } from '../core/handover/handover-sweep.service.ts';
import { sendDueDigests } from '../core/digest/send-digests.service.ts';
import { sendDuePacks } from '../core/pack/send-packs.service.ts';
import { escalateDue } from '../core/escalation/escalate-due.service.ts';
import { systemClock, type Clock } from '../core/ports/clock.port.ts';
import type { ChatPlatform } from '../core/ports/chat-platform.port.ts';
import type { PlatformName } from '../core/shared/platform.types.ts';
import type { DeploymentSettings } from '../core/directory/directory.types.ts';
import type { AdapterWire, AdapterWiring } from './wiring.types.ts';
import { wireWeb } from './wire-web.ts';
import { wireIcal } from './wire-ical.ts';
import { slackEnabled, teamsEnabled } from './adapter-switches.ts';
import { DurableInbox } from '../infra/inbox/durable-inbox.ts';
import { InboxSpool } from '../infra/inbox/inbox-spool.ts';
import { InboxStore } from '../infra/inbox/inbox-store.ts';
import { intervalJob, type IntervalJob } from '../infra/schedule/interval-job.ts';
import { escalationJob } from '../infra/schedule/escalation.job.ts';
import { requestKeyPruneJob } from '../infra/request-key/prune-request-keys.job.ts';
import { checkpointConfig, type CheckpointConfig } from '../infra/audit/checkpoint-settings.ts';
import { auditCheckpointJob, checkpointAtShutdown } from '../infra/audit/audit-checkpoint.job.ts';
import { PrismaAccessLog } from '../infra/access/prisma-access-log.ts';
import { PrismaIdentityLinks } from '../infra/directory/prisma-identity-links.ts';
import { vacuumAfterBulk, vacuumJob } from '../infra/db/vacuum-tables.job.ts';
import { retentionJob, retentionPolicyOf } from '../infra/retention/retention.job.ts';
import { PrismaActionStore } from '../infra/action/prisma-action-store.ts';
import { actionEscalationJob } from '../infra/action/action-escalation.job.ts';
import { escalateActions } from '../core/action/escalate-actions.service.ts';

export interface AppOptions {
  env: SambandEnv;
  clock?: Clock;
  logger?: Logger;
  /** Extra or replacement platforms (tests: a memory platform under a real platform's name). */
  platforms?: ChatPlatform[];
  /** Adapters to wire; defaults to every adapter Samband has. */
  wires?: AdapterWire[];
  /** Run the delivery worker and the schedulers (off for `samband say` and some tests). */
  background?: boolean;
  /** Open database to use instead of the one the environment names (tests share one). */
  db?: Database;
  /** A server already listening (`startingServer`), answering /healthz while the app is put together; taken over here. */
  server?: Server;
}

/** A running Samband: one database, one core, the adapters, the delivery worker and the schedulers. */
export interface App {
  env: SambandEnv;
  db: Database;
  config: DeploymentConfig;
  service: CoordinationService;
  deps: CoordinationDeps;
  worker: DeliveryWorker;
  /** What every adapter stores before it acknowledges a request. */
  inbox: DurableInbox;
  /** Where and with which key signed audit checkpoints are written and verified. */
  checkpoints: CheckpointConfig;
  /** Every periodic job, by name; started by listen() unless `background` is off (tests run them with runOnce). */
  jobs: IntervalJob[];
  adapters: AdapterWiring[];
  server: Server;
  logger: Logger;
  /** Starts listening on HOST:PORT (0 picks a free port) and starts the adapters; resolves with the URL. */
  listen(): Promise<string>;
  /** Graceful stop: no new requests, deliveries under way finish or are released, database closed. */
  close(): Promise<void>;
}

/** The composition root: the only place that knows every part. */
export async function composeApp(options: AppOptions): Promise<App> {
  const { env } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger({ service: 'samband' }, env.SAMBAND_LOG_LEVEL);
  // Read before the database opens, so a key that cannot be read stops the start at once, naming the variable.
  const checkpoints = checkpointConfig(env);
  // The deployment file too: a mistake in it stops the start before anything is opened (or locked).
  const configPath = env.SAMBAND_CONFIG ?? BUNDLED_CONFIG_PATH;
  const loaded = await loadConfigFile(configPath);
  if (!loaded.ok) throw new Error(`configuration ${configPath} is invalid:\n${formatConfigErrors(loaded.errors)}`);
  const config = loaded.config;
  const db = options.db ?? await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR });
  try {
    const applied = await waitForDatabase(() => applyMigrations(db), { logger });
    if (applied.applied.length) logger.log('info', 'db.migrated', { applied: applied.applied, database: db.kind });
  } catch (error) {
    // An edited migration, a wrong password: release the database (and an embedded folder's lock) before failing.
    if (!options.db) await db.close();
    throw error;
  }
  await loadConfigIntoDatabase(db, config, { digest: loaded.digest, source: configPath, now: clock.now() });

  const directory = new PrismaDirectoryReader(db, () => settingsOf(config));
  const incidents = new PrismaIncidentStore(db);
  const platforms = new Map<PlatformName, ChatPlatform>();
  const worker = new DeliveryWorker(db, { clock, platforms, logger, leaseMs: env.SAMBAND_DELIVERY_LEASE_MS });
  // Each store once: the commands, the on-duty resolver and the jobs share them (and the roster store's cache).
  const shifts = new PrismaShiftStore(db, clock);
  // Loaded now, before any registration transaction needs it (PGlite cannot read while one is open).
  await shifts.fresh();
  const deps: CoordinationDeps = {
    directory, incidents, clock, onDuty: new RosterOnDutyResolver(shifts), shifts,
    handovers: new PrismaHandoverStore(db), digests: new PrismaDigestStore(db), delivery: worker, accessLog: new PrismaAccessLog(db),
    identityLinks: new PrismaIdentityLinks(db),
    packs: new SqlPackReader(db.prisma), publicUrl: env.SAMBAND_PUBLIC_URL,
    actions: new PrismaActionStore(db),
  };
  const service = new CoordinationService(deps);

  const inbox = new DurableInbox({
    store: new InboxStore(db),
    spool: new InboxSpool(env.SAMBAND_SPOOL_DIR ?? join(env.SAMBAND_DATA_DIR, 'spool')),
    logger: logger.child({ component: 'inbox' }),
    leaseMs: env.SAMBAND_INBOX_LEASE_MS,
  });
  const context = { env, db, service, directory, clock, logger, inbox, shifts };
  const adapters: AdapterWiring[] = [];
  try {
    for (const wire of options.wires ?? ADAPTER_WIRES) {
      const wiring = await wire(context);
      if (wiring) adapters.push(wiring);
    }
  } catch (error) {
    // A wire that refuses the configuration stops the start; release what is open so the process can exit.
    for (const adapter of adapters) await adapter.stop?.().catch(() => undefined);
    if (!options.db) await db.close();
    throw error;
  }
  for (const adapter of adapters) if (adapter.platform) platforms.set(adapter.platform.name, adapter.platform);
  for (const platform of options.platforms ?? []) platforms.set(platform.name, platform);

  const httpOptions: HttpServerOptions = {
    mounts: adapters.flatMap((a) => a.mounts),
    logger,
    ready: async () => {
      // The database away: requests still come in and wait in the local spool, so the server is degraded, not down.
      const pending = await migrationStatus(db).then((status) => status.pending.length, () => undefined);
      if (pending === undefined) return 'degraded';
      if (pending > 0) return 'not ready';
      // Requests kept on local disk while the database was away: taking requests, but not all is stored yet.
      return inbox.spooled() ? 'degraded' : 'ready';
    },
  };
  // A server that already listens keeps answering `starting` until listen(), the moment a fresh one would open.
  const server = options.server ?? createHttpServer(httpOptions);
  const timers: NodeJS.Timeout[] = [];
  const background = options.background ?? true;
  let directoryChanges: PgListener | null = null;
  const jobs = periodicJobs({ db, deps, inbox, checkpoints, config, worker, logger, escalationIntervalMs: env.SAMBAND_ESCALATION_INTERVAL_MS });

  return {
    env, db, config, service, deps, worker, inbox, checkpoints, jobs, adapters, server, logger,
    async listen() {
      if (options.server) {
        createHttpServer(httpOptions, options.server);
      } else {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(env.PORT, env.HOST, () => resolve());
        });
      }
      const { port } = server.address() as AddressInfo;
      for (const adapter of adapters) await adapter.start?.();
      directoryChanges = await followDirectoryChanges(db, directory, logger);
      if (background) {
        // A PGlite folder has one owner: requests its previous process held were left by a process that is gone.
        if (db.kind === 'pglite') await inbox.releaseAll();
        worker.start();
        for (const job of jobs) timers.push(job.start());
      }
      logger.log('info', 'server.listening', { host: env.HOST, port, database: db.kind, adapters: adapters.map((a) => a.name) });
      return `http://${env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST}:${port}`;
    },
    async close() {
      timers.forEach(clearInterval);
      await new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections?.();
      });
      await worker.stop();
      for (const adapter of adapters) await adapter.stop?.();
      await directoryChanges?.close();
      // The last events of this run (deliveries just finished) are anchored before the database closes.
      if (background) await checkpointAtShutdown(db, checkpoints, clock, logger);
      if (!options.db) await db.close();
    },
  };
}

/**
 * Every adapter Samband has; each decides from the environment whether it is on. The Slack and Teams wires load
 * their SDKs (Bolt, botbuilder: about a second of import time and tens of megabytes each) only when the environment
 * turns them on; a deployment without them never imports them.
 */
const ADAPTER_WIRES: AdapterWire[] = [
  wireWeb,
  async (context) => (slackEnabled(context.env) ? (await import('./wire-slack.ts')).wireSlack(context) : null),
  async (context) => (teamsEnabled(context.env) ? (await import('./wire-teams.ts')).wireTeams(context) : null),
  // Private roster feeds at /ical/<token>: always on; a feed exists only once `samband ical issue` made its token.
  wireIcal,
];

/** How often handovers are checked for reminders and escalation, and shifts for the reminder to hand over. */
const HANDOVER_SWEEP_MS = 30_000;
/** How often due digests are looked for (a send is late after ten minutes). */
const DIGEST_SWEEP_MS = 60_000;

interface JobParts {
  db: Database;
  deps: CoordinationDeps;
  inbox: DurableInbox;
  checkpoints: CheckpointConfig;
  config: DeploymentConfig;
  worker: DeliveryWorker;
  logger: Logger;
  /** How often silent agencies are checked for escalation (SAMBAND_ESCALATION_INTERVAL_MS). */
  escalationIntervalMs: number;
}

/** The periodic jobs, all of one kind (IntervalJob: no overlapping passes, failures logged and retried). */
function periodicJobs({ db, deps, inbox, checkpoints, config, worker, logger, escalationIntervalMs }: JobParts): IntervalJob[] {
  const { directory, clock } = deps;
  const jobs: IntervalJob[] = [
    escalationJob(() => escalateDue(deps), escalationIntervalMs, logger),
    // Overdue agency actions (issue 13): the same interval as silent agencies.
    actionEscalationJob(() => escalateActions(deps), escalationIntervalMs, logger),
    intervalJob('inbox.sweep', 1000, () => inbox.sweep(), logger),
    intervalJob('inbox.prune', 10 * 60_000, vacuumAfterBulk(db, 'inbox_request', logger, () => inbox.prune()), logger),
    // PGlite has no autovacuum (nor has a server with it off): without this every hot query slows with history.
    vacuumJob(db, logger),
    intervalJob('handover.sweep', HANDOVER_SWEEP_MS, async () => (await sweepHandovers(deps)) + (await remindHandoverStart(deps)), logger),
    intervalJob('digest.send', DIGEST_SWEEP_MS, () => sendDueDigests(deps), logger),
    // Weekly packs ride on the digests' subscriptions and exactly-once record, on the same minute.
    intervalJob('pack.send', DIGEST_SWEEP_MS, () => sendDuePacks(deps), logger),
    requestKeyPruneJob(db, clock, logger),
  ];
  const checkpointJob = auditCheckpointJob(db, checkpoints, clock, logger);
  if (checkpointJob) jobs.push(checkpointJob);
  // No retention periods in the deployment file: nothing is ever erased, and no job runs.
  const retention = retentionPolicyOf(config);
  if (retention) jobs.push(retentionJob(db, retention, { directory, clock, delivery: worker }, logger));
  return jobs;
}

export function settingsOf(config: DeploymentConfig): DeploymentSettings {
  return {
    timeZone: config.timeZone,
    defaultLocale: config.defaultLocale,
    defaultSeverity: config.defaultSeverity,
    defaultCategory: config.defaultCategory,
    maxDescriptionLength: config.maxDescriptionLength,
  };
}
