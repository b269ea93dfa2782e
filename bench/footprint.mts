/**
 * Footprint: how long `samband start` takes until `/readyz` answers 200, and how much resident memory the process holds
 * once idle, on PGlite (an empty folder, then an existing one) and on PostgreSQL; median of SAMBAND_FOOTPRINT_STARTS
 * (default 5) starts each. Then where it goes: the import time and resident memory of each heavy module on its own, in
 * a fresh process.
 *
 * Each start is `node bin/samband.mjs start` with the default deployment (bundled config, web console, no Slack, no
 * Teams), PORT=0 is not used: a free port is picked so `/readyz` can be polled every 10 ms from the moment of spawn.
 * "Idle" is the resident set (VmRSS) after /readyz said 200 and SAMBAND_FOOTPRINT_IDLE_MS (default 5000) more passed,
 * so the first background passes (delivery worker, schedules, the PGlite maintenance job) have run.
 *
 * `samband say --as anna.lind "help"` is timed from spawn to exit (median of SAMBAND_FOOTPRINT_STARTS): next to a running
 * `samband start` on the same PGlite folder (the server runs it), alone on that folder, and alone on PostgreSQL.
 *
 *   npx tsx bench/footprint.mts
 *   SAMBAND_FOOTPRINT_TREES=before=/tmp/before,after=. npx tsx bench/footprint.mts   two trees, in turns, same run
 *   SAMBAND_FOOTPRINT_PARTS=say,imports ...                                           only some parts (start,say,imports)
 *   SAMBAND_FOOTPRINT_MODULES=say,compose ...                                         only the import rows naming these
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createBenchDatabase } from './lib/bench-database.ts';
import { markdownTable, percentile } from './lib/stats.ts';
import { loadLine, machineLine } from './lib/machine.ts';

const STARTS = Number(process.env.SAMBAND_FOOTPRINT_STARTS ?? 5);
const IDLE_MS = Number(process.env.SAMBAND_FOOTPRINT_IDLE_MS ?? 5000);
const READY_DEADLINE_MS = Number(process.env.SAMBAND_FOOTPRINT_READY_DEADLINE_MS ?? 60_000);
const PARTS = new Set((process.env.SAMBAND_FOOTPRINT_PARTS ?? 'start,say,imports').split(',').map((p) => p.trim()));
const TREES = (process.env.SAMBAND_FOOTPRINT_TREES ?? 'current=.').split(',').map((entry) => {
  const [label, dir] = entry.split('=');
  return { label, dir: resolve(dir) };
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;
const hwmMb = (pid: number) => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

/**
 * CPU time a process and the children it waited for used so far (user + system, /proc/<pid>/stat), in ms. On a machine
 * that other work loads, wall time stretches with the load; the CPU a start needs does not (much), so it is printed
 * beside it.
 */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  // After the command name: state is field 3, so utime, stime, cutime, cstime (fields 14–17) are at 11–14 here.
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) * 10;
}

interface Start { readyMs: number; cpuMs: number; idleMb: number; peakMb: number; load: number }

/** One `samband start`: spawn, poll /readyz until 200, wait idle, read memory, SIGTERM, wait for the exit. */
async function oneStart(tree: string, env: Record<string, string>, whileRunning?: () => Promise<void>): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, [join(tree, 'bin/samband.mjs'), 'start'], {
    cwd: tree, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', SAMBAND_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let readyMs = NaN;
  let readyCpuMs = NaN;
  while (performance.now() - started < READY_DEADLINE_MS && child.exitCode === null) {
    const status = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) { readyMs = performance.now() - started; readyCpuMs = cpuMs(child.pid!); break; }
    await new Promise((done) => setTimeout(done, 10));
  }
  if (!Number.isFinite(readyMs)) {
    child.kill('SIGKILL');
    throw new Error(`samband start in ${tree} never became ready:\n${stderr.slice(-2000)}`);
  }
  await new Promise((done) => setTimeout(done, IDLE_MS));
  const idleMb = rssMb(child.pid!);
  const peakMb = hwmMb(child.pid!);
  const load = (await import('node:os')).loadavg()[0];
  if (whileRunning) await whileRunning();
  child.kill('SIGTERM');
  await exited;
  return { readyMs, cpuMs: readyCpuMs, idleMb, peakMb, load };
}

/** The CPU time of the last oneSay, in ms. */
let lastSayCpuMs = NaN;

/** One `samband say --as anna.lind help`, spawn to exit, in ms; fails loudly if the command failed. */
async function oneSay(tree: string, env: Record<string, string>): Promise<number> {
  const started = performance.now();
  // Through /usr/bin/time, which writes the command's CPU time (user and system seconds) to a file.
  const timeFile = join(tmpdir(), `samband-fp-time-${process.pid}`);
  const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, join(tree, 'bin/samband.mjs'), 'say', '--as', 'anna.lind', 'help'], {
    cwd: tree, env: { ...process.env, ...env, SAMBAND_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk) => { out += chunk; });
  child.stderr!.on('data', (chunk) => { out += chunk; });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0) throw new Error(`samband say in ${tree} failed (${code}):\n${out.slice(-2000)}`);
  const elapsed = performance.now() - started;
  const [user, system] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
  lastSayCpuMs = (user + system) * 1000;
  return elapsed;
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

/** Import time and resident memory of one module in a fresh Node process (through tsx, as `samband` runs). */
async function importCost(tree: string, specifier: string, loader: 'tsx' | 'none'): Promise<{ ms: number; rssMb: number }> {
  const code = `const t=performance.now();await import(${JSON.stringify(specifier)});const ms=performance.now()-t;`
    + `globalThis.gc?.();process.stdout.write(JSON.stringify({ms,rssMb:process.memoryUsage().rss/1048576}))`;
  const args = ['--expose-gc', ...(loader === 'tsx' ? ['--import', 'tsx'] : []), '--input-type=module', '-e', code];
  const child = spawn(process.execPath, args, { cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (chunk) => { out += chunk; });
  await new Promise((done) => child.once('exit', done));
  return JSON.parse(out || '{"ms":null,"rssMb":null}');
}

// Which code each tree's `samband` runs: dist/ when a build matches its sources (bin/dist-stamp.mjs), else tsx.
for (const tree of TREES) {
  const stampModule = join(tree.dir, 'bin', 'dist-stamp.mjs');
  const fresh = existsSync(stampModule) && (await import(stampModule) as { distIsFresh(root: string): boolean }).distIsFresh(tree.dir);
  console.log(`tree ${tree.label} (${tree.dir}) runs ${fresh ? 'dist/ (compiled)' : 'its TypeScript sources through tsx'}`);
}
const loadBefore = loadLine();
const pg = await createBenchDatabase('footprint');
const results: Record<string, Record<string, Start[]>> = {};
type SayTimes = { server: number[]; alone: number[]; postgres: number[] };
const says: Record<string, SayTimes> = {};
const sayCpu: Record<string, SayTimes> = {};
const folders: string[] = [];
try {
  const scenarios: Array<{ name: string; env: (tree: string, round: number) => Record<string, string> }> = [];
  const existing = new Map<string, string>();
  const emptyFolder = () => { const dir = mkdtempSync(join(tmpdir(), 'samband-fp-')); folders.push(dir); return { SAMBAND_DATA_DIR: dir, DATABASE_URL: '' }; };
  // The very first start of an installation: no template of a migrated cluster yet (src/infra/db/pglite-template.ts),
  // so the start makes it; the next empty-folder start copies it.
  scenarios.push({
    name: 'PGlite, empty folder, no template yet',
    env: (tree) => { rmSync(join(tree, '.cache', 'pglite-template'), { recursive: true, force: true }); return emptyFolder(); },
  });
  scenarios.push({ name: 'PGlite, empty folder', env: emptyFolder });
  scenarios.push({
    name: 'PGlite, existing folder',
    env: (tree) => {
      if (!existing.has(tree)) { const dir = mkdtempSync(join(tmpdir(), 'samband-fp-')); folders.push(dir); existing.set(tree, dir); }
      return { SAMBAND_DATA_DIR: existing.get(tree)!, DATABASE_URL: '' };
    },
  });
  scenarios.push({ name: 'PostgreSQL server', env: (tree) => ({ SAMBAND_DATA_DIR: join(tmpdir(), 'samband-fp-pg'), DATABASE_URL: pg.url }) });

  // The existing folders and the server database are made once (not counted) by a first start of each tree.
  for (const tree of PARTS.has('start') || PARTS.has('say') ? TREES : []) {
    await oneStart(tree.dir, scenarios[2].env(tree.dir, -1));
    await oneStart(tree.dir, scenarios[3].env(tree.dir, -1));
  }
  for (let round = 0; round < (PARTS.has('start') ? STARTS : 0); round++) {
    for (const scenario of scenarios) {
      for (const tree of TREES) {
        const start = await oneStart(tree.dir, scenario.env(tree.dir, round));
        ((results[scenario.name] ??= {})[tree.label] ??= []).push(start);
        process.stderr.write(`${scenario.name} ${tree.label} #${round + 1}: ready ${start.readyMs.toFixed(0)} ms (CPU ${start.cpuMs.toFixed(0)} ms), idle ${start.idleMb.toFixed(0)} MB, peak ${start.peakMb.toFixed(0)} MB, load ${start.load.toFixed(1)}\n`);
      }
    }
  }
  if (PARTS.has('say')) {
    for (let round = 0; round < STARTS; round++) {
      for (const tree of TREES) {
        const folderEnv = scenarios[2].env(tree.dir, round);
        const times = says[tree.label] ??= { server: [], alone: [], postgres: [] };
        const cpu = sayCpu[tree.label] ??= { server: [], alone: [], postgres: [] };
        await oneStart(tree.dir, folderEnv, async () => { times.server.push(await oneSay(tree.dir, folderEnv)); cpu.server.push(lastSayCpuMs); });
        times.alone.push(await oneSay(tree.dir, folderEnv));
        cpu.alone.push(lastSayCpuMs);
        times.postgres.push(await oneSay(tree.dir, scenarios[3].env(tree.dir, round)));
        cpu.postgres.push(lastSayCpuMs);
        process.stderr.write(`say ${tree.label} #${round + 1}: next to the server ${times.server.at(-1)!.toFixed(0)} ms, alone ${times.alone.at(-1)!.toFixed(0)} ms, PostgreSQL ${times.postgres.at(-1)!.toFixed(0)} ms\n`);
      }
    }
  }
} finally {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  await pg.destroy();
}

const rows = Object.entries(results).flatMap(([scenario, byTree]) => Object.entries(byTree).map(([label, starts]) => [
  scenario, label, median(starts.map((s) => s.readyMs)).toFixed(0), median(starts.map((s) => s.cpuMs)).toFixed(0), median(starts.map((s) => s.idleMb)).toFixed(0),
  median(starts.map((s) => s.peakMb)).toFixed(0), `${Math.min(...starts.map((s) => s.load)).toFixed(1)}–${Math.max(...starts.map((s) => s.load)).toFixed(1)}`,
]));
console.log(`\nsamband start, median of ${STARTS} starts (idle = ${IDLE_MS} ms after /readyz 200)\n`);
console.log(markdownTable(['database', 'tree', 'start to /readyz 200 ms', 'CPU to /readyz ms', 'idle RSS MB', 'peak RSS MB', 'load average'], rows));
if (PARTS.has('say')) {
  console.log(`\nsamband say --as anna.lind help, spawn to exit, median of ${STARTS}\n`);
  // Wall time, and in brackets the CPU time of the `samband say` process (the server's work next to it is not in it).
  const both = (wall: number[], cpu: number[]) => `${median(wall).toFixed(0)} (CPU ${median(cpu).toFixed(0)})`;
  console.log(markdownTable(['tree', 'next to a running server (PGlite) ms', 'alone, PGlite folder ms', 'alone, PostgreSQL ms'],
    Object.entries(says).map(([label, t]) => [label, both(t.server, sayCpu[label].server), both(t.alone, sayCpu[label].alone), both(t.postgres, sayCpu[label].postgres)])));
}

// Where it goes: each heavy module on its own, in a fresh process (node + tsx alone is the first row).
const MODULES: ReadonlyArray<readonly [string, string, ('tsx' | 'none')?]> = [
  ['node alone (no tsx)', 'node:os', 'none'],
  ['node + tsx (nothing else)', 'node:os'],
  ['@slack/bolt', '@slack/bolt'],
  ['botbuilder', 'botbuilder'],
  ['@electric-sql/pglite', '@electric-sql/pglite'],
  ['Prisma client (generated, WASM query compiler)', './src/infra/db/generated/client.ts'],
  ['pg + @prisma/adapter-pg', '@prisma/adapter-pg'],
  ['src/cli/compose-app.ts (everything start imports)', './src/cli/compose-app.ts'],
  ['src/cli/commands/say.command.ts (what `samband say` loads before it asks a running server)', './src/cli/commands/say.command.ts'],
  ['dist/src/cli/compose-app.js (the same, compiled by npm run build, no tsx)', './dist/src/cli/compose-app.js', 'none'],
  ['dist/src/cli/commands/say.command.js (the same, compiled, no tsx)', './dist/src/cli/commands/say.command.js', 'none'],
];
// Each tree's modules in turn, median of 3 fresh processes each.
const importRows = [];
const MODULE_WORDS = (process.env.SAMBAND_FOOTPRINT_MODULES ?? '').split(',').map((w) => w.trim()).filter(Boolean);
for (const [label, specifier, loader = 'tsx'] of PARTS.has('imports') ? MODULES : []) {
  if (MODULE_WORDS.length > 0 && !MODULE_WORDS.some((w) => label.includes(w))) continue;
  for (const tree of TREES) {
    if (specifier.startsWith('./') && !existsSync(join(tree.dir, specifier))) continue; // a tree without a build
    const costs = [];
    for (let i = 0; i < 3; i++) costs.push(await importCost(tree.dir, specifier.startsWith('./') ? join(tree.dir, specifier) : specifier, loader));
    const msMedian = median(costs.map((c) => c.ms ?? NaN));
    const rssMedian = median(costs.map((c) => c.rssMb ?? NaN));
    importRows.push([label, tree.label, Number.isFinite(msMedian) ? msMedian.toFixed(0) : '-', Number.isFinite(rssMedian) ? rssMedian.toFixed(0) : '-']);
  }
}
console.log(`\nimports in a fresh process, median of 3\n`);
console.log(markdownTable(['module', 'tree', 'import ms', 'RSS after import MB'], importRows));
console.log(`\n${machineLine()}\n${loadBefore} at start, ${loadLine()} at end`);
const outDir = join(process.cwd(), '.tmp', 'bench');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, `footprint-${Date.now()}.json`), JSON.stringify({ results, imports: importRows }, null, 1));
