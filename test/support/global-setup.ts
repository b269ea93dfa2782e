import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase } from '../../src/infra/db/database.ts';
import { copyTemplate, ensurePgliteTemplate } from '../../src/infra/db/pglite-template.ts';
import { applyMigrations } from '../../src/infra/db/migrator.ts';
import { PG_ADMIN_URL, PGLITE_CLUSTER_ENV, TEMPLATE_ENV } from './test-database.ts';

/**
 * Made once per run, before any test file: a migrated PGlite database (as a snapshot file) and a migrated database on
 * the local PostgreSQL server. Each test database starts as a copy of one of them instead of applying every migration
 * again (PGlite: `loadDataDir`; PostgreSQL: `CREATE DATABASE … TEMPLATE`). Test workers inherit the names through
 * the environment. Also a snapshot of an empty PGlite cluster (no migration applied): PGlite's initdb costs seconds
 * of CPU, so unmigrated databases and fresh embedded folders start from it (`seedPgliteFolder`). The
 * real initdb runs in test/integration/pglite-template.test.ts (a template, and a folder built in place).
 */
export default async function setup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'samband-templates-'));
  const cluster = join(dir, 'pglite-cluster.tar');
  const snapshot = join(dir, 'pglite.tar');
  const name = `samband_tpl_${process.pid}_${randomBytes(4).toString('hex')}`;
  // Side by side: PGlite works in this process, the PostgreSQL template mostly in the server.
  await Promise.all([
    (async () => {
      // The installation's own template (initdb and every migration, made by `npm install`'s build, or now in a child
      // process if it is missing), copied, so the set-up runs no initdb: that cost seconds of CPU before any test.
      const template = await ensurePgliteTemplate();
      if (!template) throw new Error('the PGlite template cache cannot be written: .cache/pglite-template');
      const folder = join(dir, 'cluster');
      copyTemplate(template, folder);
      const pglite = new PGlite(folder);
      await pglite.waitReady;
      writeFileSync(snapshot, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
      // The same cluster with every migration's work gone: schema public made again empty, with the owner and rights
      // a new cluster gives it, and no migration recorded. That is all the migrations made, checked below.
      await pglite.exec(`DROP SCHEMA public CASCADE; CREATE SCHEMA public; ALTER SCHEMA public OWNER TO pg_database_owner;
        GRANT USAGE ON SCHEMA public TO PUBLIC;`);
      const [left] = (await pglite.query<{ schemas: number; extensions: number; roles: number }>(`SELECT
        (SELECT count(*)::int FROM pg_namespace WHERE nspname NOT IN ('public', 'pg_catalog', 'information_schema')
          AND nspname NOT LIKE 'pg\\_%') AS schemas,
        (SELECT count(*)::int FROM pg_extension WHERE extname <> 'plpgsql') AS extensions,
        (SELECT count(*)::int FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' AND rolname <> 'postgres') AS roles`)).rows;
      if (left.schemas + left.extensions + left.roles > 0) {
        throw new Error(`a migration made something outside schema public (${JSON.stringify(left)}): an empty cluster cannot be had by emptying public`);
      }
      writeFileSync(cluster, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
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
