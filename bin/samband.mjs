#!/usr/bin/env node
// Entry point of the `samband` command. It runs the compiled JavaScript in dist/ when `npm run build` (also run by
// `npm install`) made it from the sources as they are now, and the TypeScript sources through tsx's loader otherwise.
// tsx at run time costs about 100 MB of resident memory and twice the import time (bench/README.md, issue 14), so a
// deployment runs dist/; a checkout being edited runs the sources and never a stale build.
import { fileURLToPath } from 'node:url';
import { distIsFresh } from './dist-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
let main;
if (distIsFresh(root)) {
  ({ main } = await import('../dist/src/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
// Not awaited: `samband start` never resolves, and the process lives as long as its server does.
void main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
