import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { openDatabase } from '../../src/infra/db/database.ts';
import { applyMigrations, migrationStatus, MIGRATIONS_DIR, readMigrations } from '../../src/infra/db/migrator.ts';

// The migrator: a fresh database is up to date, applying twice is a no-op, replicas starting together apply each
// migration once, an edited applied migration is refused, and schema.prisma does not drift from the migrations.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAMES = readMigrations().map((m) => m.name);

describe.each(DATABASE_KINDS)('migrations (%s)', (kind) => {
  const temp = mkdtempSync(join(tmpdir(), 'samband-migrations-'));
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of opened) await db.destroy();
    rmSync(temp, { recursive: true, force: true });
  });
  const fresh = async (migrate = true) => {
    const db = await createTestDatabase(kind, { migrate });
    opened.push(db);
    return db;
  };

  /** A fresh migrated database, kept for the tests with a copy of the migrations folder below. */
  let migrated: TestDatabase;

  it('a fresh database is up to date; applying again is a no-op', async () => {
    const db = await fresh();
    migrated = db;
    expect(await migrationStatus(db)).toEqual({ applied: NAMES, pending: [], modified: [] });
    expect(await applyMigrations(db)).toEqual({ applied: [] });
    const rows = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name');
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(readMigrations().map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
  });

  it('two concurrent applyMigrations on a fresh database apply each migration once', async () => {
    const db = await fresh(false);
    expect(await migrationStatus(db)).toEqual({ applied: [], pending: NAMES, modified: [] });
    // On PostgreSQL a second connection, as a second replica would have; PGlite is one connection in one process.
    const other = kind === 'postgres' ? await openDatabase({ databaseUrl: db.url, poolSize: 2 }) : db;
    try {
      const results = await Promise.all([applyMigrations(db), applyMigrations(other)]);
      expect(results.flatMap((r) => r.applied).sort()).toEqual(NAMES);
    } finally {
      if (other !== db) await other.close();
    }
    const [{ n }] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
    expect(n).toBe(NAMES.length);
    expect((await migrationStatus(db)).pending).toEqual([]);
  });

  describe('with a copy of the migrations folder', () => {
    let dir: string;
    let db: TestDatabase;
    const last = NAMES[NAMES.length - 1];
    beforeAll(async () => {
      dir = join(temp, 'migrations');
      cpSync(MIGRATIONS_DIR, dir, { recursive: true });
      db = migrated ?? await fresh();
    });

    it('refuses to run when an applied migration was edited, and reports it', async () => {
      appendFileSync(join(dir, last, 'migration.sql'), '\n-- edited after it was applied\n');
      await expect(applyMigrations(db, dir)).rejects.toThrow(`applied migrations were edited afterwards: ${last}; add a new migration instead`);
      expect(await migrationStatus(db, dir)).toEqual({ applied: NAMES, pending: [], modified: [last] });
      cpSync(join(MIGRATIONS_DIR, last, 'migration.sql'), join(dir, last, 'migration.sql'));
      expect(await migrationStatus(db, dir)).toEqual({ applied: NAMES, pending: [], modified: [] });
    });

    it('applies a new migration, and rolls a failing one back whole, unrecorded', async () => {
      mkdirSync(join(dir, '29990101000000_add_probe'));
      writeFileSync(join(dir, '29990101000000_add_probe', 'migration.sql'), 'CREATE TABLE "probe" (id int);\nINSERT INTO "probe" VALUES (1);\n');
      expect((await migrationStatus(db, dir)).pending).toEqual(['29990101000000_add_probe']);
      expect(await applyMigrations(db, dir)).toEqual({ applied: ['29990101000000_add_probe'] });
      mkdirSync(join(dir, '29990102000000_broken'));
      writeFileSync(join(dir, '29990102000000_broken', 'migration.sql'), 'CREATE TABLE "half_done" (id int);\nSELECT no_such_function();\n');
      await expect(applyMigrations(db, dir)).rejects.toThrow(/migration 29990102000000_broken failed/);
      expect((await migrationStatus(db, dir)).pending).toEqual(['29990102000000_broken']);
      const [row] = await db.sql.query<{ half: boolean; probe: boolean }>(
        `SELECT to_regclass('"half_done"') IS NOT NULL AS half, to_regclass('"probe"') IS NOT NULL AS probe`);
      expect(row).toEqual({ half: false, probe: true });
    });
  });
});

/** Runs the Prisma CLI; resolves with its exit code and output. */
function prisma(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/prisma/build/index.js'), ...args], {
      cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('schema.prisma and the migrations do not drift', () => {
  const temp = mkdtempSync(join(tmpdir(), 'samband-drift-'));
  afterAll(() => rmSync(temp, { recursive: true, force: true }));

  it('prisma migrate diff from a database our migrator built to schema.prisma is empty', async () => {
    // Our migrator applied every migration to a PGlite database (the run's template, of which this is a copy)...
    const db = await createTestDatabase('pglite');
    const dump = join(temp, 'pglite.tar');
    try {
      expect(await migrationStatus(db)).toEqual({ applied: NAMES, pending: [], modified: [] });
      writeFileSync(dump, Buffer.from(await (await db.snapshot!()).arrayBuffer()));
    } finally {
      await db.destroy();
    }
    // ...and Prisma introspects it (as the shadow database of an empty migration history, see the config file) and
    // compares it with the datamodel. Exit code 0: no difference; 2: the schema and the migrations drifted apart.
    const empty = join(temp, 'no-migrations');
    mkdirSync(empty);
    writeFileSync(join(empty, 'migration_lock.toml'), 'provider = "postgresql"\n');
    const result = await prisma([
      'migrate', 'diff', '--config', 'test/fixtures/core/prisma-drift.config.ts',
      '--from-migrations', empty, '--to-schema-datamodel', 'prisma/schema.prisma', '--exit-code',
    ], { SAMBAND_DRIFT_PGLITE_DUMP: dump });
    expect(result.output).toContain('No difference detected.');
    expect(result.code, result.output).toBe(0);
  }, 180_000);
});
