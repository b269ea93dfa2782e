#!/usr/bin/env node
// `npm run build` (and `npm install`'s postinstall): compiles src/ and adapters/ into dist/ with TypeScript, copies the
// files they read next to themselves (the bundled deployment file, the web console's CSS and script), links the
// folders they read from the package root (prisma/migrations, manifests), and records which sources it was built
// from, so `bin/samband.mjs` runs dist/ only while it matches them. Then it makes the embedded database's template
// (a freshly migrated PGlite cluster that a first start on an empty folder copies instead of running initdb).
//
//   node bin/build.mjs               build, fail when TypeScript is missing
//   node bin/build.mjs --optional    as postinstall: without TypeScript (a production install), say so and exit 0
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SOURCE_DIRS, STAMP_FILE, sourceStamp } from './dist-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const optional = process.argv.includes('--optional');
const say = (line) => process.stderr.write(`samband build: ${line}\n`);

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  say('TypeScript is not installed, so there is no dist/; samband runs its sources through tsx');
  process.exit(optional ? 0 : 1);
}

// Recorded before compiling: a source edited meanwhile makes the build stale at once, never wrongly fresh.
const stamp = sourceStamp(root);
const staging = join(root, `dist.building-${process.pid}`);
const dist = join(root, 'dist');
rmSync(staging, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', staging], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) {
  rmSync(staging, { recursive: true, force: true });
  say('TypeScript failed; dist/ is left as it was');
  process.exit(optional ? 0 : 1);
}
// Files the code reads relative to itself (new URL('./x', import.meta.url)) go next to the compiled modules.
const copyAssets = (dir) => {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(path);
    else if (entry.isFile() && !entry.name.endsWith('.ts')) {
      mkdirSync(dirname(join(staging, path)), { recursive: true });
      cpSync(join(root, path), join(staging, path));
    }
  }
};
for (const dir of SOURCE_DIRS) copyAssets(dir);
// Folders read relative to the package root ('../../../prisma/migrations' from src/infra/db) are one level deeper
// in dist/; links keep one copy of them, the package's own.
for (const name of ['prisma', 'manifests']) symlinkSync(join('..', name), join(staging, name));
writeFileSync(join(staging, STAMP_FILE), `${JSON.stringify({ stamp, builtAt: new Date().toISOString() })}\n`);
rmSync(dist, { recursive: true, force: true });
renameSync(staging, dist);
say('compiled into dist/');

// The template is an optimisation: without it a first start runs initdb itself, so a failure here is only reported.
try {
  const { ensurePgliteTemplate } = await import(pathToFileURL(join(dist, 'src/infra/db/pglite-template.js')).href);
  const template = await ensurePgliteTemplate();
  say(template ? `embedded database template ready in ${template}` : 'no embedded database template (cache folder not writable)');
} catch (error) {
  say(`no embedded database template: ${error.message}`);
}
