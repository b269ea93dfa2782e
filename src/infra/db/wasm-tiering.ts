import { setFlagsFromString } from 'node:v8';

/**
 * How much a WebAssembly function must run before V8 compiles it again with its optimising compiler, in V8's rough
 * "bytes executed": 100 000 000 instead of V8's 1 800 000. PGlite's module is large (PostgreSQL), and with V8's
 * default, starting PostgreSQL and the first queries ran enough of it to optimise thousands of functions that never run
 * again: about 40 MB more resident memory for good, and CPU time on a small machine while starting. With the higher
 * budget only what really runs hot (sorting, aggregates, the executor) is optimised; heavy queries measured as fast as
 * with the default after a few runs (bench/README.md, issue 14). V8 reads it when a module is instantiated, so it is
 * set before PGlite (and Prisma's WebAssembly query compiler) first is.
 */
export const WASM_TIERING_BUDGET = 100_000_000;

let done = false;

/** Sets the budget once per process; idempotent. */
export function raiseWasmTieringBudget(): void {
  if (done) return;
  done = true;
  setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
}
