import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SqlRunner } from './sql-runner.types.ts';

/** What the migrator needs of an open database: its raw SQL. */
type Migratable = { readonly sql: SqlRunner };

/** Folder of the migrations shipped with Samband. */
export const MIGRATIONS_DIR = resolve(fileURLToPath(new URL('../../../prisma/migrations', import.meta.url)));

/** Any constant works; it only has to be the same for every replica. */
const MIGRATION_LOCK_KEY = 730100001;

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Applied migrations whose file changed since: an error, never re-run. */
  modified: string[];
}

/** Lists migrations in name order, with the SHA-256 checksum Prisma records for them. */
export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

// Same columns as Prisma's own table, so `prisma migrate status` on a machine with native engines agrees.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
}

/** Compares the shipped migrations with those recorded in the database. */
export async function migrationStatus(db: Migratable, dir = MIGRATIONS_DIR): Promise<MigrationStatus> {
  const files = readMigrations(dir);
  const exists = await db.sql.query<{ exists: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS exists`);
  const rows = exists[0]?.exists
    ? await db.sql.query<AppliedRow>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      )
    : [];
  return compare(files, rows);
}

function compare(files: MigrationFile[], rows: AppliedRow[]): MigrationStatus {
  const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  return {
    applied: files.filter((f) => applied.has(f.name)).map((f) => f.name),
    pending: files.filter((f) => !applied.has(f.name)).map((f) => f.name),
    modified: files.filter((f) => applied.has(f.name) && applied.get(f.name) !== f.checksum).map((f) => f.name),
  };
}

/** Calls on one open database, queued: the advisory lock is re-entrant within a session, and PGlite is one session. */
const queued = new WeakMap<Migratable, Promise<unknown>>();

/**
 * Applies pending migrations in name order, each in its own transaction, under an advisory lock so that replicas
 * starting together apply each one once. Refuses to run when an applied migration was edited.
 */
export function applyMigrations(db: Migratable, dir = MIGRATIONS_DIR): Promise<{ applied: string[] }> {
  const run = (queued.get(db) ?? Promise.resolve()).catch(() => undefined).then(() => applyUnderLock(db, dir));
  queued.set(db, run);
  return run;
}

async function applyUnderLock(db: Migratable, dir: string): Promise<{ applied: string[] }> {
  const files = readMigrations(dir);
  return db.sql.withSession(async (session) => {
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      await session.exec(CREATE_MIGRATIONS_TABLE);
      const rows = await session.query<AppliedRow>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      const status = compare(files, rows);
      if (status.modified.length > 0) {
        throw new Error(`applied migrations were edited afterwards: ${status.modified.join(', ')}; add a new migration instead`);
      }
      const done: string[] = [];
      for (const file of files.filter((f) => status.pending.includes(f.name))) {
        const id = randomUUID();
        await session.exec('BEGIN');
        try {
          await session.exec(file.sql);
          await session.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, now(), now(), 1)`,
            [id, file.checksum, file.name],
          );
          await session.exec('COMMIT');
        } catch (error) {
          await session.exec('ROLLBACK');
          throw new Error(`migration ${file.name} failed: ${(error as Error).message}`);
        }
        done.push(file.name);
      }
      return { applied: done };
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  });
}
