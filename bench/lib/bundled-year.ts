import type { Database } from '../../src/infra/db/database.ts';
import type { DeploymentConfig } from '../../src/infra/config/config.schema.ts';
import { BUNDLED_CONFIG_PATH, loadConfigFile } from '../../src/infra/config/load-config-file.ts';
import { loadConfigIntoDatabase } from '../../src/infra/config/load-config-into-database.ts';
import { PrismaDirectoryReader } from '../../src/infra/directory/prisma-directory-reader.ts';
import { seedYear, type YearOfHistory } from './seed-year.ts';

/**
 * The bundled deployment file loaded into the bench database, then a year of history on its leaf areas, agencies and
 * categories (the digest and pack benchmarks' common start).
 */
export async function seedBundledYear(
  db: Database, year: Omit<YearOfHistory, 'areas' | 'agencies' | 'categories'>, log: Record<string, number>,
): Promise<DeploymentConfig> {
  const loaded = await loadConfigFile(BUNDLED_CONFIG_PATH);
  if (!loaded.ok) throw new Error('bundled config invalid');
  const config = loaded.config;
  await loadConfigIntoDatabase(db, config, { digest: loaded.digest, source: 'bench', now: year.end });
  await seedYear(db, {
    ...year,
    areas: config.areas.filter((a) => a.level === 'area').map((a) => a.id),
    agencies: config.agencies.map((a) => a.id),
    categories: config.categories.map((c) => c.id),
  }, log);
  return config;
}

/** The directory reader the app would build for this deployment file. */
export function bundledDirectoryReader(db: Database, config: DeploymentConfig): PrismaDirectoryReader {
  return new PrismaDirectoryReader(db, () => ({
    timeZone: config.timeZone, defaultLocale: config.defaultLocale, defaultSeverity: config.defaultSeverity,
    defaultCategory: config.defaultCategory, maxDescriptionLength: config.maxDescriptionLength,
  }));
}
