import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The embedded database holds reports about people: only the account that runs Samband may read it. Folders are 0700
 * and files 0600 (owner bits kept, group and other bits removed).
 */

/** Creates `folder` and any missing parents as 0700 (existing ones keep their mode: see tightenTree). */
export function makePrivateFolder(folder: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
}

/** Removes group and other permission bits from `path` and everything below it; returns how many entries changed. */
export function tightenTree(path: string): number {
  let changed = 0;
  const visit = (entry: string) => {
    let stat;
    try {
      stat = lstatSync(entry);
    } catch {
      return; // removed while we walk (PGlite writes as it runs)
    }
    if (stat.isSymbolicLink()) return; // never follow a link out of the folder
    if ((stat.mode & 0o077) !== 0) {
      chmodSync(entry, stat.isDirectory() ? 0o700 : stat.mode & 0o700);
      changed += 1;
    }
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(join(entry, name));
  };
  visit(path);
  return changed;
}

/** Runs `work` with a umask that keeps new files private, restoring the previous umask after. */
export async function withPrivateUmask<T>(work: () => Promise<T>): Promise<T> {
  let previous: number | undefined;
  try {
    previous = process.umask(0o077);
  } catch {
    // Worker threads cannot change the umask; the walk after opening tightens what was created.
  }
  try {
    return await work();
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
}
