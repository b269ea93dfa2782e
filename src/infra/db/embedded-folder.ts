import { resolve } from 'node:path';

/**
 * The PGlite folder a database URL and data folder name, or null for a PostgreSQL server or an in-memory database.
 * Kept apart from database.ts so a CLI command that only asks "who owns the folder?" (`samband say` next to a running
 * server) does not load PGlite, Prisma and pg (about 1 s and 100 MB; bench/README.md, footprint).
 */
export function embeddedFolder(options: { databaseUrl?: string; dataDir?: string } = {}): string | null {
  const url = options.databaseUrl?.trim() ?? '';
  if (url === '') return resolve(options.dataDir ?? './data', 'pglite');
  if (!url.startsWith('pglite:')) return null;
  const target = url.slice('pglite:'.length);
  return target === 'memory' || target === '' ? null : resolve(target);
}
