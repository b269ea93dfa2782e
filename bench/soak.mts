/**
 * Soak: does Samband slow down as history grows? Registers and answers SAMBAND_SOAK_INCIDENTS incidents (default
 * 20 000) one after another through the core in-process (`service.handle`, no HTTP), with the delivery worker
 * delivering every notification to a chat platform that accepts at once and keeps nothing, and, on PGlite, the
 * maintenance job (VACUUM every minute) on its production schedule. After every SAMBAND_SOAK_DRAIN_EVERY incidents
 * (default 50) the outbox is drained, so the worker never runs far behind, as in a deployment at its usual pace.
 *
 * Per block it records: the time of each registration and each acknowledgement (`service.handle`), the time of each
 * delivery claim (the worker's real claim statement, timed on its way to the database, including any wait for
 * PGlite's one connection), the time to drain the block's outbox, and the process's resident memory at the end of
 * the block, this process's CPU time per incident, and a yardstick of the machine's own speed (see `yardstick`). The
 * verdict compares the last block with the first: p50 and p95 ratios, divided by the yardstick's, at most 1.2.
 *
 *   npx tsx bench/soak.mts                                          both databases, 20 000 incidents each
 *   SAMBAND_SOAK_INCIDENTS=4000 SAMBAND_SOAK_DB=pglite npx tsx bench/soak.mts
 *   SAMBAND_SOAK_VACUUM=off ...                                     PGlite without the maintenance job (the "before")
 *   SAMBAND_SOAK_MINUTES=60 ...                                     stop after the block that passes 60 minutes
 *
 * The block size stays INCIDENTS / BLOCKS (1 000 at 20 000) whatever the time limit, so a run cut short by
 * SAMBAND_SOAK_MINUTES compares its last completed block with its first and says how many incidents it reached.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBenchDatabase, composeCore } from './lib/bench-database.ts';
import { markdownTable, ms, percentile } from './lib/stats.ts';
import { loadLine, machineLine } from './lib/machine.ts';
import { openDatabase, type Database } from '../src/infra/db/database.ts';
import { applyMigrations } from '../src/infra/db/migrator.ts';
import { DeliveryWorker } from '../src/infra/delivery/delivery-worker.ts';
import { vacuumJob } from '../src/infra/db/vacuum-tables.job.ts';
import { createLogger } from '../src/infra/log/logger.ts';
import { systemClock } from '../src/core/ports/clock.port.ts';
import type { ChatPlatform } from '../src/core/ports/chat-platform.port.ts';
import type { DeliveryWakeup } from '../src/core/kernel/core-deps.ts';

const INCIDENTS = Number(process.env.SAMBAND_SOAK_INCIDENTS ?? 20_000);
const BLOCKS = Number(process.env.SAMBAND_SOAK_BLOCKS ?? Math.max(2, Math.min(20, Math.round(INCIDENTS / 1000))));
const KINDS = (process.env.SAMBAND_SOAK_DB ?? 'pglite,postgres').split(',').map((k) => k.trim()) as Array<'pglite' | 'postgres'>;
const VACUUM = process.env.SAMBAND_SOAK_VACUUM !== 'off';
const TEXT = '/incident Rinkeby 2 stenkastning mot buss';
const DRAIN_DEADLINE_MS = 120_000;
/** Wall-clock budget per database; the run stops after the block in which it ran out (0: none). */
const MINUTES = Number(process.env.SAMBAND_SOAK_MINUTES ?? 0);
/**
 * The outbox is drained after every this many incidents. The loop registers faster than a deployment ever would
 * (10-20 incidents a second, 400-700 notifications a second); left to run ahead, on PostgreSQL the worker falls behind
 * and the claim's cost grows with the backlog (see bench/README.md), which is a burst, not history.
 */
const DRAIN_EVERY = Number(process.env.SAMBAND_SOAK_DRAIN_EVERY ?? 50);

/** A chat platform that accepts every message at once and remembers nothing (a recording fake would grow the heap). */
function sink(): ChatPlatform & { sent: number } {
  let next = 0;
  const platform = {
    name: 'web' as const,
    sent: 0,
    async send() { platform.sent += 1; return { messageId: `soak-${next++}` }; },
    async update() { platform.sent += 1; },
  };
  return platform;
}

/** The database with its claim statements timed (the worker's real ones). */
function timedClaims(db: Database, claims: number[]): Database {
  return {
    ...db,
    prisma: db.prisma,
    close: () => db.close(),
    sql: {
      ...db.sql,
      query: async (sql, params) => {
        if (!sql.trimStart().startsWith('WITH due AS')) return db.sql.query(sql, params);
        const started = performance.now();
        try { return await db.sql.query(sql, params); } finally { claims.push(performance.now() - started); }
      },
    } as Database['sql'],
  };
}

interface Block {
  incidents: number; register: number[]; ack: number[]; claims: number[]; drainMs: number; rssMb: number; load: number;
  /** This process's CPU time (user + system) per incident: on PGlite it includes the database's own work. */
  cpuMsPerIncident: number;
  /** Wall time of a fixed piece of CPU work, sampled through the block: how much of a core the machine left us. */
  yardstick: number[];
}

/**
 * A fixed piece of CPU work (hashing 4 MB) that no history can make slower: its wall time rises and falls only with
 * the machine's load. On a shared machine whose load doubles during a run, last/first ratios of the real figures are
 * divided by this one's to tell growth with history from growth with load (both are printed).
 */
function yardstick(): number {
  const started = performance.now();
  const chunk = Buffer.alloc(256 * 1024, 7);
  for (let i = 0; i < 16; i++) createHash('sha256').update(chunk).digest();
  return performance.now() - started;
}

async function soak(kind: 'pglite' | 'postgres'): Promise<Record<string, unknown>> {
  const folder = mkdtempSync(join(tmpdir(), 'samband-soak-'));
  const bench = kind === 'postgres' ? await createBenchDatabase('soak') : undefined;
  const db = bench?.db ?? await openDatabase({ databaseUrl: `pglite:${join(folder, 'pglite')}` });
  if (!bench) await applyMigrations(db);
  const claims: number[] = [];
  let wake: DeliveryWakeup | undefined;
  const core = await composeCore(db, { delivery: { wake: () => wake?.wake() } });
  const platform = sink();
  const worker = new DeliveryWorker(timedClaims(db, claims), { clock: systemClock, platforms: new Map([['web', platform]]) });
  wake = worker;
  worker.start();
  const logger = createLogger({ bench: 'soak', database: kind }, 'info');
  const vacuum = VACUUM ? vacuumJob(db, logger) : null;
  const [autovacuum] = kind === 'postgres' ? await db.sql.query<{ autovacuum: string }>('SHOW autovacuum') : [{ autovacuum: 'none (PGlite)' }];
  const vacuumTimer = vacuum?.start();

  const pending = async () => Number((await db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notification WHERE status IN ('pending', 'sending')`))[0].n);
  /** Polls the outbox until nothing is due, with a deadline; returns how long it took. */
  const drain = async () => {
    const drainStart = performance.now();
    while (await pending() > 0) {
      if (performance.now() - drainStart > DRAIN_DEADLINE_MS) throw new Error(`outbox did not drain within ${DRAIN_DEADLINE_MS} ms`);
      worker.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return performance.now() - drainStart;
  };
  const blocks: Block[] = [];
  const perBlock = Math.ceil(INCIDENTS / BLOCKS);
  const started = performance.now();
  for (let b = 0; b < BLOCKS; b++) {
    const block: Block = { incidents: 0, register: [], ack: [], claims: [], drainMs: 0, rssMb: 0, load: 0, cpuMsPerIncident: 0, yardstick: [yardstick()] };
    claims.length = 0;
    const cpuAtStart = process.cpuUsage();
    for (let i = 0; i < perBlock && b * perBlock + i < INCIDENTS; i++) {
      const n = b * perBlock + i;
      let t0 = performance.now();
      const registered = await core.service.handle({
        platform: 'web', workspace: '', userId: 'anna.lind', requestId: `soak-${n}`, requestKey: `soak-reg-${n}`, input: { type: 'text', text: TEXT },
      });
      block.register.push(performance.now() - t0);
      const ref = registered.incident?.number;
      if (ref === undefined) throw new Error(`registration ${n} failed: ${JSON.stringify(registered.replies?.[0] ?? registered).slice(0, 200)}`);
      t0 = performance.now();
      const acked = await core.service.handle({
        platform: 'web', workspace: '', userId: 'karin.dahl', requestId: `soak-ack-${n}`, requestKey: `soak-ack-${n}`, input: { type: 'text', text: `ack ${ref}` },
      });
      block.ack.push(performance.now() - t0);
      if (!acked.changed) throw new Error(`acknowledgement of ${ref} changed nothing`);
      block.incidents += 1;
      if (block.incidents % DRAIN_EVERY === 0) {
        block.drainMs += await drain();
        block.yardstick.push(yardstick());
      }
      // A server gets each request from the network, so its event loop turns between them; a loop of awaits on
      // PGlite alone would run on microtasks and starve every timer (the worker's poll, the maintenance job).
      await new Promise((resolve) => setImmediate(resolve));
    }
    block.drainMs += await drain();
    block.claims = [...claims];
    const cpu = process.cpuUsage(cpuAtStart);
    block.cpuMsPerIncident = (cpu.user + cpu.system) / 1000 / Math.max(1, block.incidents);
    block.rssMb = process.memoryUsage().rss / 2 ** 20;
    block.load = (await import('node:os')).loadavg()[0];
    blocks.push(block);
    const s = (v: number[]) => ms(percentile([...v].sort((x, y) => x - y), 50));
    console.log(`${kind} block ${b + 1}/${BLOCKS}: ${block.incidents} incidents, register p50 ${s(block.register)} ms, ack p50 ${s(block.ack)} ms, claim p50 ${s(block.claims)} ms (${block.claims.length}), drain ${block.drainMs.toFixed(0)} ms, rss ${block.rssMb.toFixed(0)} MB, CPU ${block.cpuMsPerIncident.toFixed(1)} ms/incident, yardstick p50 ${s(block.yardstick)} ms, load ${block.load.toFixed(1)}, ${((performance.now() - started) / 60_000).toFixed(1)} min`);
    writeFileSync(join(outDir, `soak-${kind}-progress.json`), JSON.stringify({ kind, incidents: INCIDENTS, blocks }, null, 1));
    if (MINUTES > 0 && b + 1 < BLOCKS && performance.now() - started > MINUTES * 60_000) {
      console.log(`${kind}: time limit of ${MINUTES} min reached after ${blocks.length} of ${BLOCKS} blocks (${blocks.reduce((n, x) => n + x.incidents, 0)} of ${INCIDENTS} incidents)`);
      break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  if (vacuumTimer) clearInterval(vacuumTimer);
  await worker.stop();
  const [counts] = await db.sql.query<{ incidents: number; notifications: number; sent: number }>(
    `SELECT (SELECT count(*)::int FROM incident) AS incidents, (SELECT count(*)::int FROM notification) AS notifications,
            (SELECT count(*)::int FROM notification WHERE status = 'sent') AS sent`);
  if (bench) await bench.destroy(); else await db.close();
  rmSync(folder, { recursive: true, force: true });
  return { kind, seconds, blocks, counts, delivered: platform.sent, autovacuum: autovacuum.autovacuum };
}

const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
const pick = (v: number[], p: number) => percentile(sorted(v), p);
const ratio = (last: number, first: number) => (last / first).toFixed(2);

const outDir = join(process.cwd(), '.tmp', 'bench');
mkdirSync(outDir, { recursive: true });
const loadBefore = loadLine();
const results = [];
let failed = false;
for (const kind of KINDS) {
  const result = await soak(kind) as { kind: string; seconds: number; blocks: Block[]; counts: Record<string, number>; delivered: number; autovacuum: string };
  results.push(result);
  const first = result.blocks[0];
  const last = result.blocks.at(-1)!;
  // How much slower the machine itself was in the last block than in the first (1.0: same load).
  const machine = pick(last.yardstick, 50) / pick(first.yardstick, 50);
  const rows = (['register', 'ack', 'claims'] as const).map((key) => {
    const r50 = pick(last[key], 50) / pick(first[key], 50);
    const r95 = pick(last[key], 95) / pick(first[key], 95);
    // Growth with history is what is left after the machine's own slowdown; both are shown.
    const flat = r50 / machine <= 1.2 && r95 / machine <= 1.2;
    failed ||= !flat;
    return [key === 'claims' ? 'delivery claim' : key === 'ack' ? 'acknowledgement' : 'registration',
      ms(pick(first[key], 50)), ms(pick(last[key], 50)), ratio(pick(last[key], 50), pick(first[key], 50)), (r50 / machine).toFixed(2),
      ms(pick(first[key], 95)), ms(pick(last[key], 95)), ratio(pick(last[key], 95), pick(first[key], 95)), (r95 / machine).toFixed(2),
      flat ? 'flat' : 'NOT flat'];
  });
  rows.push(['Node CPU per incident (ms; on PGlite with the database)', first.cpuMsPerIncident.toFixed(1), last.cpuMsPerIncident.toFixed(1),
    ratio(last.cpuMsPerIncident, first.cpuMsPerIncident), '', '', '', '', '', '']);
  rows.push(['machine yardstick (ms for a fixed CPU task)', ms(pick(first.yardstick, 50)), ms(pick(last.yardstick, 50)), machine.toFixed(2), '', '', '', '', '', '']);
  rows.push(['draining the outbox, whole block (ms)', first.drainMs.toFixed(0), last.drainMs.toFixed(0), ratio(last.drainMs, first.drainMs), '', '', '', '', '', '']);
  rows.push(['resident memory (MB)', first.rssMb.toFixed(0), last.rssMb.toFixed(0), ratio(last.rssMb, first.rssMb), '', '', '', '', '', '']);
  rows.push(['load average (1 min)', first.load.toFixed(1), last.load.toFixed(1), '', '', '', '', '', '', '']);
  console.log(`\n${kind} (server autovacuum: ${result.autovacuum}; maintenance job ${VACUUM ? 'on' : 'OFF'}): ${result.blocks.length} of ${BLOCKS} blocks, ${result.counts.incidents} incidents, ${result.counts.notifications} notifications (${result.counts.sent} sent, ${result.delivered} platform calls), blocks of ${first.incidents}, ${result.seconds.toFixed(0)} s\n`);
  console.log(markdownTable(['figure', 'first block p50', 'last block p50', 'ratio', 'ratio / machine', 'first p95', 'last p95', 'ratio', 'ratio / machine', ''], rows));
}
console.log(`\n${machineLine()}\n${loadBefore} at start, ${loadLine()} at end`);
writeFileSync(join(outDir, `soak-${Date.now()}.json`), JSON.stringify({ incidents: INCIDENTS, blocks: BLOCKS, vacuum: VACUUM, results }, null, 1));
process.exitCode = failed ? 1 : 0;
