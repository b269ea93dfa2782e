import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/infra/db/database.ts';
import { applyMigrations } from '../../src/infra/db/migrator.ts';
import { PG_ADMIN_URL, PGLITE_CLUSTER_ENV, TEMPLATE_ENV } from './test-database.ts';

/**
 * Made once per run, before any test file: a migrated PGlite database (as a snapshot file) and a migrated database on
 * the local PostgreSQL server. Each test database starts as a copy of one of them instead of applying every migration
 * again (PGlite: `loadDataDir`; PostgreSQL: `CREATE DATABASE … TEMPLATE`). Test workers inherit the names through
 * the environment. Also a snapshot of the empty PGlite cluster (initdb done, no migration applied): PGlite's initdb
 * costs seconds of CPU, so unmigrated databases and fresh embedded folders start from it (`seedPgliteFolder`); the
 * real initdb of a folder is tested once, in test/integration/pglite-folder-lock.test.ts.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'samband-templates-'));
  const cluster = join(dir, 'pglite-cluster.tar');
  const snapshot = join(dir, 'pglite.tar');
  const name = `samband_tpl_${process.pid}_${randomBytes(4).toString('hex')}`;
  // Side by side: PGlite works in this process, the PostgreSQL template mostly in the server.
  await Promise.all([
    (async () => {
      const pglite = await openDatabase({ databaseUrl: 'pglite:memory' });
      writeFileSync(cluster, Buffer.from(await (await pglite.snapshot!()).arrayBuffer()));
      await applyMigrations(pglite);
      writeFileSync(snapshot, Buffer.from(await (await pglite.snapshot!()).arrayBuffer()));
      await pglite.close();
    })(),
    (async () => {
      const admin = await openDatabase({ databaseUrl: PG_ADMIN_URL, poolSize: 1 });
      await admin.sql.exec(`CREATE DATABASE ${name}`);
      const template = await openDatabase({ databaseUrl: PG_ADMIN_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`), poolSize: 1 });
      await applyMigrations(template);
      // A template must have no connections while it is copied.
      await template.close();
      await admin.close();
    })(),
  ]);

  process.env[TEMPLATE_ENV.pglite] = snapshot;
  process.env[PGLITE_CLUSTER_ENV] = cluster;
  process.env[TEMPLATE_ENV.postgres] = name;
  return async () => {
    const cleanup = await openDatabase({ databaseUrl: PG_ADMIN_URL, poolSize: 1 });
    await cleanup.sql.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
