import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, type Database } from '../../src/infra/db/database.ts';
import { applyMigrations } from '../../src/infra/db/migrator.ts';
import { makePrivateFolder, tightenTree } from '../../src/infra/db/private-folder.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** The local PostgreSQL server's maintenance database; each test database is created from it and dropped after. */
export const PG_ADMIN_URL = process.env.SAMBAND_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

/** Where test/support/global-setup.ts leaves the migrated templates (unset when a file runs without it). */
export const TEMPLATE_ENV = { pglite: 'SAMBAND_TEST_PGLITE_TEMPLATE', postgres: 'SAMBAND_TEST_PG_TEMPLATE' } as const;

/** Where test/support/global-setup.ts leaves an empty PGlite cluster (nothing migrated). */
export const PGLITE_CLUSTER_ENV = 'SAMBAND_TEST_PGLITE_CLUSTER';

/** Snapshots read so far, by file: each is about 40 MB, and a Blob is immutable, so a worker reads each file once. */
const snapshots = new Map<string, Blob>();

/** The snapshot a PGlite database starts from: the migrated template or the empty cluster; none without the set-up. */
function pgliteSnapshot(migrated: boolean): Blob | undefined {
  const file = process.env[migrated ? TEMPLATE_ENV.pglite : PGLITE_CLUSTER_ENV];
  if (!file) return undefined;
  let snapshot = snapshots.get(file);
  if (!snapshot) snapshots.set(file, snapshot = new Blob([readFileSync(file)]));
  return snapshot;
}

/**
 * Puts a PGlite cluster into the embedded-database folder `folder` (which must hold none yet), as a first start's
 * initdb would leave it: the run's empty cluster (nothing migrated, so `samband migrate` or a start still applies
 * every migration), or with `migrated` the migrated template. Private like a folder Samband made (0700/0600). Without
 * the global set-up it does nothing and the first open runs initdb itself. Saves the seconds of CPU of PGlite's
 * initdb in a child process (src/infra/db/pglite-initdb.ts) for tests whose subject is not initdb.
 */
export async function seedPgliteFolder(folder: string, options: { migrated?: boolean } = {}): Promise<void> {
  if (existsSync(join(folder, 'PG_VERSION'))) throw new Error(`${folder} already holds a PGlite cluster`);
  const loadDataDir = pgliteSnapshot(options.migrated === true);
  if (!loadDataDir) return;
  makePrivateFolder(folder);
  const pglite = new PGlite(folder, { loadDataDir });
  await pglite.waitReady;
  await pglite.close();
  tightenTree(folder);
}

export interface TestDatabase extends Database {
  url: string;
  /** Closes and, on the server, drops the database. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database: PGlite in memory, or a new database on the local PostgreSQL server. Migrated ones start
 * as copies of the run's templates when the global set-up made them; `migrate: false` gives an empty database (on
 * PGlite a copy of the run's empty cluster, which spares initdb).
 */
export async function createTestDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate !== false;
  const template = migrate ? process.env[TEMPLATE_ENV[kind]] : undefined;
  if (kind === 'pglite') {
    const loadDataDir = pgliteSnapshot(migrate);
    const db = await openDatabase({ databaseUrl: 'pglite:memory', loadDataDir });
    if (migrate && !template) await applyMigrations(db);
    return Object.assign(db, { url: 'pglite:memory', destroy: () => db.close() });
  }
  const name = `samband_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: PG_ADMIN_URL, poolSize: 1 });
  // FILE_COPY copies the template's files after a checkpoint; the default (WAL_LOG) writes every block through the
  // write-ahead log, which cost the server about three times the CPU (0.29 s against 0.11 s a database, measured).
  await admin.sql.exec(template ? `CREATE DATABASE ${name} TEMPLATE ${template} STRATEGY FILE_COPY` : `CREATE DATABASE ${name}`);
  // A test database does not wait for each commit to reach the disk: a crash of the shared server is no test's
  // subject (the fault suite stops a server of its own, with PostgreSQL's defaults), and Samband's own promises do not
  // change. It spared the server's flushes and the suite's waits on them (about 8 CPU-seconds of a run, measured).
  await admin.sql.exec(`ALTER DATABASE ${name} SET synchronous_commit = off`);
  await admin.close();
  const url = PG_ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
  const db = await openDatabase({ databaseUrl: url, poolSize: 8 });
  if (migrate && !template) await applyMigrations(db);
  return Object.assign(db, {
    url,
    async destroy() {
      await db.close();
      const cleanup = await openDatabase({ databaseUrl: PG_ADMIN_URL, poolSize: 1 });
      await cleanup.sql.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.close();
    },
  });
}
