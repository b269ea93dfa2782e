import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/infra/db/database.ts';
import { applyMigrations } from '../../src/infra/db/migrator.ts';
import { BUNDLED_CONFIG_PATH, formatConfigErrors, loadConfigFile } from '../../src/infra/config/load-config-file.ts';
import { loadConfigIntoDatabase } from '../../src/infra/config/load-config-into-database.ts';
import type { DeploymentConfig } from '../../src/infra/config/config.schema.ts';
import { PrismaDirectoryReader } from '../../src/infra/directory/prisma-directory-reader.ts';
import { PrismaIncidentStore } from '../../src/infra/incident/prisma-incident-store.ts';
import { CoordinationService } from '../../src/core/coordination/coordination.service.ts';
import { PrismaShiftStore } from '../../src/infra/shift/prisma-shift-store.ts';
import { PrismaHandoverStore } from '../../src/infra/handover/prisma-handover-store.ts';
import { SqlPackReader } from '../../src/infra/pack/sql-pack-reader.ts';
import { PrismaDigestStore } from '../../src/infra/digest/prisma-digest-store.ts';
import { PrismaActionStore } from '../../src/infra/action/prisma-action-store.ts';
import type { CoordinationDeps, DeliveryWakeup } from '../../src/core/kernel/core-deps.ts';
import { directoryOnDuty } from '../../src/core/notification/plan-notifications.ts';
import { systemClock } from '../../src/core/ports/clock.port.ts';

/** The PostgreSQL server's maintenance database; each benchmark creates its own database from it and drops it. */
export const BENCH_PG_ADMIN_URL = process.env.SAMBAND_BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  url: string;
  db: Database;
  /** Closes every connection and drops the database. */
  destroy(): Promise<void>;
}

/** A fresh, migrated database on the local PostgreSQL server, named after the benchmark. */
export async function createBenchDatabase(label: string, poolSize = 10): Promise<BenchDatabase> {
  const name = `samband_bench_${label.replace(/\W/g, '_')}_${randomBytes(3).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: BENCH_PG_ADMIN_URL, poolSize: 1 });
  await admin.sql.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const url = BENCH_PG_ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const db = await openDatabase({ databaseUrl: url, poolSize });
  await applyMigrations(db);
  return {
    url,
    db,
    async destroy() {
      await Promise.all([db.close()]);
      const cleanup = await openDatabase({ databaseUrl: BENCH_PG_ADMIN_URL, poolSize: 1 });
      if (process.env.SAMBAND_BENCH_DEBUG) console.log(await cleanup.sql.query(`SELECT pid, application_name, state, backend_start, left(query, 80) AS query FROM pg_stat_activity WHERE datname = $1`, [name]));
      await cleanup.sql.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.close();
    },
  };
}

export interface BenchCore {
  config: DeploymentConfig;
  deps: CoordinationDeps;
  service: CoordinationService;
  directory: PrismaDirectoryReader;
}

/** The core wired on a database as compose-app does it, minus adapters and HTTP: loads the deployment file first. */
export async function composeCore(db: Database, options: { configPath?: string; delivery?: DeliveryWakeup } = {}): Promise<BenchCore> {
  const path = options.configPath ?? BUNDLED_CONFIG_PATH;
  const loaded = await loadConfigFile(path);
  if (!loaded.ok) throw new Error(`bench config ${path} is invalid:\n${formatConfigErrors(loaded.errors)}`);
  const config = loaded.config;
  await loadConfigIntoDatabase(db, config, { digest: loaded.digest, source: path, now: new Date() });
  const directory = new PrismaDirectoryReader(db, () => ({
    timeZone: config.timeZone,
    defaultLocale: config.defaultLocale,
    defaultSeverity: config.defaultSeverity,
    defaultCategory: config.defaultCategory,
    maxDescriptionLength: config.maxDescriptionLength,
  }));
  const deps: CoordinationDeps = {
    directory, incidents: new PrismaIncidentStore(db), clock: systemClock, onDuty: directoryOnDuty, delivery: options.delivery,
    shifts: new PrismaShiftStore(db, systemClock), handovers: new PrismaHandoverStore(db), digests: new PrismaDigestStore(db),
    packs: new SqlPackReader(db.prisma),
    actions: new PrismaActionStore(db),
  };
  return { config, deps, service: new CoordinationService(deps), directory };
}
