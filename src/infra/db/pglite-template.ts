import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MIGRATIONS_DIR, readMigrations } from './migrator.ts';

// Packages are located with require's resolution, not `import.meta.resolve`, which some module loaders lack (the
// test runner's set-up, for one). Both packages below resolve to the same files either way.
const resolvePackage = createRequire(import.meta.url).resolve;

/**
 * The embedded database's template: a PGlite cluster freshly initialised and migrated, kept as a folder that a first
 * start on an empty folder copies (tens of milliseconds) instead of running initdb and every migration inside
 * WebAssembly (seconds, and hundreds of megabytes). `npm run build` (so `npm install`) makes it; a first start that
 * finds none makes it then.
 *
 * It is named by a digest of PGlite's version and every migration's name and checksum, so a template is only used
 * with the PGlite that wrote it and the migrations it holds; the migrator still checks the copy on open (an edited
 * migration is refused, a pending one applied) as for any folder. It is made on this machine, never shipped or
 * downloaded.
 */

/**
 * `<package root>/.cache/pglite-template`. The package root is found from the migrations folder, which is
 * `<root>/prisma/migrations` whether this module runs from src/ or from dist/ (where prisma/ is a link).
 */
export function defaultTemplateCache(): string {
  return join(dirname(dirname(realpathSync(MIGRATIONS_DIR))), '.cache', 'pglite-template');
}

/** PGlite's version (a cluster is only readable by the PostgreSQL build that wrote it) and the migrations. */
export function templateKey(migrationsDir = MIGRATIONS_DIR): string {
  const hash = createHash('sha256').update(`pglite ${pgliteVersion()}\n`);
  for (const migration of readMigrations(migrationsDir)) hash.update(`${migration.name} ${migration.checksum}\n`);
  return hash.digest('hex').slice(0, 32);
}

function pgliteVersion(): string {
  let dir = dirname(resolvePackage('@electric-sql/pglite'));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The template for the current migrations, made first when missing; null when the cache folder cannot be written
 * (a read-only installation): the caller then builds the cluster in place.
 */
export async function ensurePgliteTemplate(cacheDir = defaultTemplateCache()): Promise<string | null> {
  const key = templateKey();
  const template = join(cacheDir, key);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const staging = join(cacheDir, `${key}.building-${randomUUID()}`);
  try {
    mkdirSync(staging, { recursive: true, mode: 0o700 });
  } catch {
    return null;
  }
  try {
    await buildClusterInChild(staging);
    try {
      renameSync(staging, template);
    } catch (error) {
      // Another process made the same template meanwhile: use theirs.
      if (!existsSync(join(template, 'PG_VERSION'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  // Templates of earlier migrations are of no further use.
  for (const entry of readdirSync(cacheDir)) {
    if (entry !== key && /^[0-9a-f]{32}$/.test(entry)) rmSync(join(cacheDir, entry), { recursive: true, force: true });
  }
  return template;
}

/**
 * Copies the template's cluster into `folder` (which holds no cluster yet). PG_VERSION, which marks a folder as holding
 * a cluster, is copied last, so a copy cut short (a crash, a full disk) is copied again whole at the next start instead
 * of being opened half-made.
 */
export function copyTemplate(template: string, folder: string): void {
  const marker = join(template, 'PG_VERSION');
  cpSync(template, folder, { recursive: true, force: true, filter: (source) => source !== marker });
  cpSync(marker, join(folder, 'PG_VERSION'));
}

/**
 * initdb and the migrations in a child process (pglite-cluster-build.ts): the memory they grow PGlite's WebAssembly
 * instance to (about 560 MB, bench/README.md) goes back when it exits. Run from the TypeScript sources, the child
 * loads them through tsx as this process does.
 */
export async function buildClusterInChild(folder: string): Promise<void> {
  const fromSources = import.meta.url.endsWith('.ts');
  const builder = new URL(`./pglite-cluster-build.${fromSources ? 'ts' : 'js'}`, import.meta.url).href;
  const script = `const { buildMigratedCluster } = await import(${JSON.stringify(builder)});
    await buildMigratedCluster(${JSON.stringify(folder)});`;
  const loader = fromSources ? ['--import', pathToFileURL(resolvePackage('tsx')).href] : [];
  const child = spawn(process.execPath, [...loader, '--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  if (code !== 0) throw new Error(`creating the PGlite cluster in ${folder} failed (${signal ?? `exit ${code}`}): ${stderr.slice(-1000)}`);
}
