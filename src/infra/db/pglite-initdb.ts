import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';

/**
 * Creates the PostgreSQL cluster of an empty PGlite folder in a short-lived child process. initdb runs inside PGlite's
 * WebAssembly instance, and the memory it grows to (hundreds of megabytes) is not given back while the process lives:
 * done in the server's process, a first start stayed near 900 MB resident for good. A worker thread gave most of it
 * back but kept about 130 MB (its allocator arenas); a child process gives back everything when it exits, for about
 * 0.3 s of Node start. The server then opens the ready folder like any later start. The child inherits the umask, so
 * the files are as private as the server's own.
 *
 * Does nothing for a folder that already holds a cluster (PG_VERSION present).
 */
export async function initPgliteFolder(folder: string): Promise<boolean> {
  if (existsSync(join(folder, 'PG_VERSION'))) return false;
  const script = `const { PGlite } = await import(${JSON.stringify(import.meta.resolve('@electric-sql/pglite'))});
    const pg = new PGlite(${JSON.stringify(folder)});
    await pg.waitReady;
    await pg.close();`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
  });
  if (code !== 0) throw new Error(`PGlite initdb in ${folder} failed (${signal ?? `exit ${code}`}): ${stderr.slice(-1000)}`);
  return true;
}
