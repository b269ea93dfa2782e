import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client.ts';
import { acquireFolderLock, currentCommand, type FolderLock } from './pglite-folder-lock.ts';
import { makePrivateFolder, tightenTree, withPrivateUmask } from './private-folder.ts';
import { buildClusterInChild, copyTemplate, ensurePgliteTemplate } from './pglite-template.ts';
import { embeddedFolder } from './embedded-folder.ts';
import { raiseWasmTieringBudget } from './wasm-tiering.ts';
import { poolForPrisma } from './prisma-share.ts';
import type { SqlRunner } from './sql-runner.types.ts';

export type { SqlRunner };

export { embeddedFolder };

/**
 * PostgreSQL's buffer cache inside PGlite's WebAssembly memory. Its default, 128 MB, was the largest part of an idle
 * process (about 130 MB of the 370 MB of a bare PGlite on an existing folder). Pages not in it are read from the
 * operating system's file cache, so a smaller one costs a system call per page, not a disk read. 16 MB instead of 32
 * saved about 20 MB of an idle server, and point look-ups, recent-range scans and updates on a 300 000-row table
 * (larger than either cache) cost the same CPU with both (bench/README.md, footprint, third pass).
 */
export const PGLITE_SHARED_BUFFERS = '16MB';

/** An open database: Prisma for the application, raw SQL for the few places that need it. */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Where it is, without credentials, for logs. */
  readonly location: string;
  readonly prisma: PrismaClient;
  readonly sql: SqlRunner;
  /**
   * PGlite only: the whole data folder as a tarball, which `loadDataDir` opens again (a copy of an embedded database;
   * the tests start each database from a migrated one).
   */
  snapshot?(): Promise<Blob>;
  /** PostgreSQL only: the connection string, for a dedicated LISTEN connection (live updates). Never logged. */
  readonly connectionUrl?: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** `postgresql://...` for a server, `pglite:<dir>` or `pglite:memory` for embedded. Empty means embedded in dataDir. */
  databaseUrl?: string;
  /** Folder of the embedded database when no URL is given. */
  dataDir?: string;
  /** Connections of the server path's one pool (Prisma may hold all but one of them: prisma-share.ts). */
  poolSize?: number;
  /** Who opens an embedded folder, recorded in its lock file (default: this process's command words). */
  owner?: string;
  /** `pglite:memory` only: start from this snapshot (see `Database.snapshot`) instead of an empty database. */
  loadDataDir?: Blob;
  /** Where the template of an empty folder's cluster is kept (pglite-template.ts; default: the package's .cache). */
  templateCache?: string;
}

/** Opens the database named by the options: PGlite embedded by default, a PostgreSQL server for postgresql:// URLs. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  // Before PGlite's and Prisma's WebAssembly modules are instantiated (both databases use Prisma's).
  raiseWasmTieringBudget();
  const url = options.databaseUrl?.trim() ?? '';
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return openPostgres(url, options.poolSize ?? 10);
  if (url === '' || url.startsWith('pglite:')) {
    const folder = embeddedFolder(options);
    return folder ? openPgliteFolder(folder, options.owner ?? currentCommand(), options.templateCache) : openPglite('memory://', undefined, options.loadDataDir);
  }
  throw new Error(`DATABASE_URL must start with postgresql:// or pglite: (got "${url.split(':')[0]}:...")`);
}

/**
 * A folder is private (0700/0600) and owned by one process at a time: the lock is taken before PGlite reads a page and
 * released after it wrote its last one.
 */
async function openPgliteFolder(folder: string, owner: string, templateCache?: string): Promise<Database> {
  makePrivateFolder(folder);
  const lock = acquireFolderLock(folder, {
    command: owner,
    onTakeover: (previous, state) => logDb('warn', 'db.stale_lock_taken_over', {
      folder, previousPid: previous.pid, previousCommand: previous.command, previousSince: previous.createdAt, reason: state,
    }),
  });
  try {
    // A folder made by an older version (0755/0644) is tightened once, when it is opened; later opens find nothing to do.
    const tightened = tightenTree(folder);
    if (tightened > 0) logDb('warn', 'db.folder_permissions_tightened', { folder, entries: tightened });
    return await withPrivateUmask(async () => {
      await createClusterIfEmpty(folder, templateCache);
      return openPglite(folder, lock);
    });
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * An empty folder gets a copy of the template (a migrated cluster made once, pglite-template.ts): a first start then
 * costs what a later one does. Where no template can be kept (a read-only installation), the cluster is made in the
 * folder itself, in a child process as the template is. Either way this process never runs initdb.
 */
async function createClusterIfEmpty(folder: string, templateCache?: string): Promise<void> {
  if (existsSync(join(folder, 'PG_VERSION'))) return;
  const template = await ensurePgliteTemplate(templateCache);
  if (template) {
    copyTemplate(template, folder);
    tightenTree(folder);
  } else {
    await buildClusterInChild(folder);
  }
}

async function openPglite(target: string, lock?: FolderLock, loadDataDir?: Blob): Promise<Database> {
  const pglite = new PGlite(target, {
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
    ...(loadDataDir ? { loadDataDir } : {}),
  });
  await pglite.waitReady;
  // The adapter pins an older @prisma/driver-adapter-utils whose types differ only nominally.
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) as never });
  const direct = {
    exec: async (sql: string) => { await pglite.exec(sql); },
    query: async <T,>(sql: string, params: unknown[] = []) => (await pglite.query<T>(sql, params)).rows,
  };
  return {
    kind: 'pglite',
    location: target,
    prisma,
    // PGlite is one connection, so a "session" is the connection itself.
    sql: { ...direct, withSession: (work) => work(direct) },
    snapshot: () => pglite.dumpDataDir('none'),
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
      if (lock) {
        // Files PGlite created while running were made under the process's usual umask.
        tightenTree(target);
        lock.release();
      }
    },
  };
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // One pool for both Prisma and the raw SQL paths, with one connection Prisma may never take (prisma-share.ts), so
  // the Slack ack's inbox insert never waits behind the registrations' transactions.
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server drops (restart, failover, pg_terminate_backend) must not take the process down;
  // the pool opens a new one on the next query.
  pool.on('error', (error) => logDb('warn', 'db.idle_connection_lost', { error: error.message }));
  const prisma = new PrismaClient({ adapter: new PrismaPg(poolForPrisma(pool)) });
  const runner = (client: pg.Pool | pg.PoolClient) => ({
    exec: async (sql: string) => { await client.query(sql); },
    query: async <T,>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[],
  });
  return {
    kind: 'postgres',
    location: redact(url),
    connectionUrl: url,
    prisma,
    sql: {
      ...runner(pool),
      async withSession(work) {
        const client = await pool.connect();
        try { return await work(runner(client)); } finally { client.release(); }
      },
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** The database opens before the app's logger exists; its few log lines use the same JSON shape on stderr. */
function logDb(level: 'warn' | 'info', event: string, fields: Record<string, unknown>): void {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgresql://(unparseable)';
  }
}
