import { openDatabase, type Database } from '../../infra/db/database.ts';
import { applyMigrations } from '../../infra/db/migrator.ts';
import { readEnv } from '../../infra/config/env.ts';
import type { CliOutput } from '../../infra/local-cli/local-cli.types.ts';
import { throughOwnerOrLocally, terminal } from './through-owner.ts';

/** `samband migrate`: applies pending migrations to the database the environment names (through its running owner). */
export function migrateCommand(): Promise<number> {
  return throughOwnerOrLocally({ command: 'migrate' }, async () => {
    const env = readEnv();
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR });
    try {
      return await runMigrate(db, terminal);
    } finally {
      await db.close();
    }
  });
}

/** Applies what is pending on an open database and says what it did. */
export async function runMigrate(db: Database, output: CliOutput): Promise<number> {
  const { applied } = await applyMigrations(db);
  output.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  return 0;
}
