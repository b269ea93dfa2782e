import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { openDatabase, type Database } from '../../src/infra/db/database.ts';
import { applyMigrations } from '../../src/infra/db/migrator.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** The local PostgreSQL server's maintenance database; each test database is created from it and dropped after. */
export const PG_ADMIN_URL = process.env.SAMBAND_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

/** Where test/support/global-setup.ts leaves the migrated templates (unset when a file runs without it). */
export const TEMPLATE_ENV = { pglite: 'SAMBAND_TEST_PGLITE_TEMPLATE', postgres: 'SAMBAND_TEST_PG_TEMPLATE' } as const;

export interface TestDatabase extends Database {
  url: string;
  /** Closes and, on the server, drops the database. */
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database: PGlite in memory, or a new database on the local PostgreSQL server. Migrated ones start
 * as copies of the run's templates when the global set-up made them; `migrate: false` gives an empty database.
 */
export async function createTestDatabase(kind: DatabaseKind, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate !== false;
  const template = migrate ? process.env[TEMPLATE_ENV[kind]] : undefined;
  if (kind === 'pglite') {
    const loadDataDir = template ? new Blob([readFileSync(template)]) : undefined;
    const db = await openDatabase({ databaseUrl: 'pglite:memory', loadDataDir });
    if (migrate && !template) await applyMigrations(db);
    return Object.assign(db, { url: 'pglite:memory', destroy: () => db.close() });
  }
  const name = `samband_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ databaseUrl: PG_ADMIN_URL, poolSize: 1 });
  await admin.sql.exec(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
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
