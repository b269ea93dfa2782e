import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/infra/db/database.ts';
import { MIGRATIONS_DIR, migrationStatus, readMigrations } from '../../src/infra/db/migrator.ts';
import { ensurePgliteTemplate, templateKey } from '../../src/infra/db/pglite-template.ts';

// An empty embedded folder gets a copy of a migrated template cluster (made once, in a child process) instead of
// running initdb and the migrations in the server's process; where no template can be kept, the cluster is made in
// the folder itself. Either way the folder opens up to date, and the migrator's checks hold for it.

const temp = mkdtempSync(join(tmpdir(), 'samband-template-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const NAMES = readMigrations().map((m) => m.name);

/** Every entry below `path` whose group or other permission bits are set. */
function notPrivate(path: string): string[] {
  const found: string[] = [];
  const visit = (entry: string) => {
    const stat = statSync(entry);
    if ((stat.mode & 0o077) !== 0) found.push(entry);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(join(entry, name));
  };
  visit(path);
  return found;
}

describe('the template of an empty embedded folder', () => {
  const cache = join(temp, 'cache');
  // The first two cases each build a real cluster (initdb and every migration), one in a child process and one in
  // this thread, in folders of their own: side by side they take the time of one.

  it.concurrent('a first open makes the template; folders opened from it are up to date, private and independent', async () => {
    const first = await openDatabase({ dataDir: join(temp, 'one'), templateCache: cache });
    try {
      expect(await migrationStatus(first)).toEqual({ applied: NAMES, pending: [], modified: [] });
      await first.sql.exec(`INSERT INTO "counter" ("name", "value") VALUES ('probe', 7)`);
    } finally {
      await first.close();
    }
    // One template, named by PGlite's version and the migrations.
    expect(readdirSync(cache)).toEqual([templateKey()]);

    const second = await openDatabase({ dataDir: join(temp, 'two'), templateCache: cache });
    try {
      expect(await migrationStatus(second)).toEqual({ applied: NAMES, pending: [], modified: [] });
      expect(await second.sql.query(`SELECT "value" FROM "counter" WHERE "name" = 'probe'`)).toEqual([]);
    } finally {
      await second.close();
    }
    expect(notPrivate(join(temp, 'two', 'pglite'))).toEqual([]);
  }, 180_000);

  it.concurrent('where no template can be kept, the cluster is made in the folder itself, up to date', async () => {
    const blocked = join(temp, 'not-a-folder');
    writeFileSync(blocked, 'a file where the cache folder would go');
    const db = await openDatabase({ dataDir: join(temp, 'three'), templateCache: join(blocked, 'cache') });
    try {
      expect(await migrationStatus(db)).toEqual({ applied: NAMES, pending: [], modified: [] });
    } finally {
      await db.close();
    }
    expect(existsSync(join(temp, 'three', 'pglite', 'PG_VERSION'))).toBe(true);
  }, 180_000);

  it('is named after the migrations: a new or edited migration means another template', () => {
    const dir = join(temp, 'migrations');
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const same = templateKey(dir);
    expect(same).toBe(templateKey());
    const last = NAMES[NAMES.length - 1];
    appendFileSync(join(dir, last, 'migration.sql'), '\n-- edited\n');
    expect(templateKey(dir)).not.toBe(same);
  });
});

describe('a copy of the template cut short', () => {
  it('is copied again whole at the next open, not opened half-made', async () => {
    const cache = join(temp, 'cache');
    const dataDir = join(temp, 'cut-short');
    // What a crash in the middle of the copy leaves: some of the cluster's files, and not the PG_VERSION marker.
    const template = (await ensurePgliteTemplate(cache))!;
    cpSync(join(template, 'global'), join(dataDir, 'pglite', 'global'), { recursive: true });
    writeFileSync(join(dataDir, 'pglite', 'postgresql.conf'), '# cut short\n');
    const db = await openDatabase({ dataDir, templateCache: cache });
    try {
      expect(await migrationStatus(db)).toEqual({ applied: NAMES, pending: [], modified: [] });
    } finally {
      await db.close();
    }
  }, 180_000);
});
