/**
 * Runs every benchmark in bench/ (top-level *.mts and *.ts files except this one), one process each so none warms
 * up or slows down another, and reports which finished. `npm run bench -- fan-out registration` runs only those
 * whose file name contains one of the words.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const dir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => /\.(mts|ts)$/.test(name) && name !== 'run-all.ts' && !name.endsWith('.d.ts'))
  .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
  .sort();

function run(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(dir, file)], { stdio: 'inherit', cwd: join(dir, '..') });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const outcomes: Array<[string, number, number]> = [];
for (const file of files) {
  console.log(`\n=== ${file}`);
  const started = performance.now();
  outcomes.push([file, await run(file), (performance.now() - started) / 1000]);
}
console.log('\n=== summary');
for (const [file, code, seconds] of outcomes) console.log(`${code === 0 ? 'ok    ' : 'FAILED'} ${file} (${seconds.toFixed(0)} s)`);
process.exitCode = outcomes.some(([, code]) => code !== 0) ? 1 : 0;
