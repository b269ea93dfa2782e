// Whether `dist/` (the compiled JavaScript that `npm run build` writes) still matches the sources. Plain JavaScript
// with no dependency: `bin/samband.mjs` asks it before deciding between `dist/` and tsx, so it must cost next to nothing
// (a walk of src/ and adapters/ with one stat per file: a few milliseconds).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The folders compiled into dist/, relative to the package root. */
export const SOURCE_DIRS = ['src', 'adapters'];
/** The file in dist/ that records which sources it was built from. */
export const STAMP_FILE = '.samband-build.json';

/**
 * A digest of every file's path, size and modification time under the source folders. Any edit, `git checkout`,
 * `prisma generate`, added or removed file changes it; reading no file contents keeps it cheap.
 */
export function sourceStamp(root) {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const { size, mtimeMs } = statSync(join(root, path));
        hash.update(`${path}\0${size}\0${mtimeMs}\n`);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return hash.digest('hex');
}

/** True when dist/ exists and was built from the sources as they are now. */
export function distIsFresh(root) {
  try {
    const recorded = JSON.parse(readFileSync(join(root, 'dist', STAMP_FILE), 'utf8'));
    return recorded.stamp === sourceStamp(root);
  } catch {
    return false;
  }
}
