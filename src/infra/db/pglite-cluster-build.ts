import { PGlite } from '@electric-sql/pglite';
import { applyMigrations } from './migrator.ts';
import type { SqlRunner } from './sql-runner.types.ts';
import { raiseWasmTieringBudget } from './wasm-tiering.ts';

/**
 * Runs in a short-lived child process (see pglite-template.ts): initdb in `folder`, then every migration with the
 * migrator the server uses, then closes. initdb and the migrations grow PGlite's WebAssembly memory to hundreds of
 * megabytes that a process never gets back; here they go when the child exits.
 */
export async function buildMigratedCluster(folder: string): Promise<void> {
  raiseWasmTieringBudget();
  const pglite = new PGlite(folder);
  await pglite.waitReady;
  try {
    const direct = {
      exec: async (sql: string) => { await pglite.exec(sql); },
      query: async <T,>(sql: string, params: unknown[] = []) => (await pglite.query<T>(sql, params)).rows,
    };
    const sql: SqlRunner = { ...direct, withSession: (work) => work(direct) };
    await applyMigrations({ sql });
  } finally {
    await pglite.close();
  }
}
