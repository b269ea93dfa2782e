import { openDatabase, type Database } from '../../infra/db/database.ts';
import { applyMigrations } from '../../infra/db/migrator.ts';
import { readEnv } from '../../infra/config/env.ts';
import type { DeploymentConfig } from '../../infra/config/config.schema.ts';
import { BUNDLED_CONFIG_PATH, formatConfigErrors, loadConfigFile } from '../../infra/config/load-config-file.ts';
import { loadConfigIntoDatabase } from '../../infra/config/load-config-into-database.ts';
import { PrismaDirectoryReader } from '../../infra/directory/prisma-directory-reader.ts';
import type { DirectoryReader } from '../../core/directory/directory.port.ts';
import { settingsOf } from '../compose-app.ts';

/** What a command run without a server has: the database (migrated), the deployment file and its directory. */
export interface LocalDeployment {
  db: Database;
  config: DeploymentConfig;
  directory: DirectoryReader;
}

/**
 * Runs `work` on this machine's deployment when no server owns the data: the deployment file read (a mistake in it
 * stops the command, naming the line), the database opened and migrated, and closed afterwards. With `loadConfig` the
 * file is also loaded into the database as `samband start` does (a no-op when unchanged), for commands that name
 * people, rosters or areas.
 */
export async function withLocalDeployment<T>(options: { loadConfig: boolean }, work: (local: LocalDeployment) => Promise<T>): Promise<T> {
  const env = readEnv();
  const path = env.SAMBAND_CONFIG ?? BUNDLED_CONFIG_PATH;
  const loaded = await loadConfigFile(path);
  if (!loaded.ok) throw new Error(`configuration ${path} is invalid:\n${formatConfigErrors(loaded.errors)}`);
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR });
  try {
    await applyMigrations(db);
    if (options.loadConfig) await loadConfigIntoDatabase(db, loaded.config, { digest: loaded.digest, source: path, now: new Date() });
    const directory = new PrismaDirectoryReader(db, () => settingsOf(loaded.config));
    return await work({ db, config: loaded.config, directory });
  } finally {
    await db.close();
  }
}
