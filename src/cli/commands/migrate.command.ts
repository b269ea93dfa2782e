import { openDatabase } from '../../infra/db/database.ts';
import { applyMigrations } from '../../infra/db/migrator.ts';
import { readEnv } from '../../infra/config/env.ts';

/** `samband migrate`: applies pending migrations to the database the environment names. */
export async function migrateCommand(): Promise<number> {
  const env = readEnv();
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR });
  try {
    const { applied } = await applyMigrations(db);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    return 0;
  } finally {
    await db.close();
  }
}
