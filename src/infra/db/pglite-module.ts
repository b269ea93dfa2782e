import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PGliteOptions } from '@electric-sql/pglite';
import { raiseWasmTieringBudget } from './wasm-tiering.ts';

/** A compiled PostgreSQL module, as PGlite takes it. */
type PgliteModule = NonNullable<PGliteOptions['pgliteWasmModule']>;

/** The runtime's WebAssembly object (the build's TypeScript libraries do not declare it). */
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<PgliteModule> } }).WebAssembly;

let compiling: Promise<PgliteModule | undefined> | undefined;

/**
 * Starts compiling PGlite's WebAssembly (PostgreSQL, 10 MB) without opening or locking anything, and returns the
 * compiled module when asked again. V8 compiles it on background threads, so a start that calls this before reading
 * its deployment file gets the compilation and the file's parsing side by side on a 2-core machine instead of one
 * after the other. A failure here is not an error: PGlite then compiles the module itself, as without this.
 */
export function compilePgliteModule(): Promise<PgliteModule | undefined> {
  compiling ??= (async () => {
    raiseWasmTieringBudget();
    const folder = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    return wasm.compile(await readFile(join(folder, 'pglite.wasm')));
  })().catch(() => undefined);
  return compiling;
}
