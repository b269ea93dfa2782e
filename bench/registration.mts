/**
 * Registration throughput and latency on PostgreSQL: the whole core path (`service.handle` of
 * `/incident Rinkeby 2 stenkastning mot buss` by anna.lind: parse, route to 6 agencies, plan 18 notifications, one
 * Prisma transaction with the audit event) side by side with a raw `pg` baseline that writes the same rows in one
 * transaction. 1 and 16 concurrent callers, interleaved in rounds so both see the same machine load.
 *
 *   npx tsx bench/registration.mts            (SAMBAND_BENCH_SECONDS=5 per phase and round, 2 rounds)
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createBenchDatabase, composeCore } from './lib/bench-database.ts';
import { registerRaw } from './lib/raw-registration.ts';
import { markdownTable, ms, runClosedLoop, summarize, type Summary } from './lib/stats.ts';
import { verifyAuditChain } from '../src/infra/audit/verify-audit-chain.ts';
import { loadLine, machineLine, saveBenchResult } from './lib/machine.ts';

const SECONDS = Number(process.env.SAMBAND_BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.SAMBAND_BENCH_ROUNDS ?? 2);
const POOL = 10; // the application's default pool size (openDatabase)
const TEXT = '/incident Rinkeby 2 stenkastning mot buss';

const bench = await createBenchDatabase('registration', POOL);
const guard = setTimeout(() => { console.error('registration bench: time limit reached'); process.exit(2); }, 150_000);
try {
  const core = await composeCore(bench.db);
  const directory = await core.deps.directory.current();
  const anna = directory.person('anna.lind')!;
  const pool = new pg.Pool({ connectionString: bench.url, max: POOL });
  pool.on('error', (error) => console.error(`baseline pool: idle connection lost (${error.message})`));

  const viaCore = async () => {
    const key = randomUUID();
    const outcome = await core.service.handle({
      platform: 'web', workspace: '', userId: 'anna.lind', requestId: key, requestKey: key, input: { type: 'text', text: TEXT },
    });
    if (!outcome.changed) throw new Error(`not registered: ${outcome.replies[0]?.title}`);
  };
  const viaRaw = () => registerRaw(pool, directory, anna, { areaId: 'rinkeby', categoryId: 'violence', severity: 2, description: 'stenkastning mot buss' }, randomUUID());
  const modes = { core: viaCore, raw: viaRaw } as const;

  // Same rows either way: check one of each before measuring.
  const first = await core.service.handle({ platform: 'web', workspace: '', userId: 'anna.lind', requestId: 'check', input: { type: 'text', text: TEXT } });
  const rawRef = await viaRaw();
  const perIncident = await bench.db.sql.query<{ ref: string; agencies: number; notifications: number }>(
    `SELECT i.number::text AS ref, (SELECT count(*)::int FROM incident_agency a WHERE a.incident_id = i.id) AS agencies,
            (SELECT count(*)::int FROM notification n WHERE n.incident_id = i.id) AS notifications FROM incident i ORDER BY i.number`,
  );
  console.log(`core registered ${first.incident!.ref}, raw ${rawRef}:`, perIncident.map((r) => `${r.agencies} agencies, ${r.notifications} notifications`).join(' / '));
  if (perIncident.length !== 2 || perIncident[0].agencies !== perIncident[1].agencies || perIncident[0].notifications !== perIncident[1].notifications) {
    throw new Error('the baseline does not write the same rows as the core');
  }

  // Warm-up (JIT, Prisma's query plans, connection pools).
  for (const work of Object.values(modes)) await runClosedLoop(4, 1500, work);

  const loadBefore = loadLine();
  const latencies = new Map<string, { values: number[]; seconds: number; cpuMs: number }>();
  const waits = new Map<string, Map<string, number>>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const callers of [1, 16]) {
      for (const [mode, work] of Object.entries(modes)) {
        const key = `${mode}|${callers}`;
        const sampler = callers === 16 ? sampleWaits(bench.url, waits.get(key) ?? new Map()) : null;
        const phase = await runClosedLoopRaw(callers, SECONDS * 1000, work);
        if (sampler) waits.set(key, await sampler.stop());
        const entry = latencies.get(key) ?? { values: [], seconds: 0, cpuMs: 0 };
        entry.values.push(...phase.values);
        entry.seconds += phase.seconds;
        entry.cpuMs += phase.cpuMs;
        latencies.set(key, entry);
        console.log(`round ${round + 1} ${mode.padEnd(4)} ${String(callers).padStart(2)} callers: ${(phase.values.length / phase.seconds).toFixed(0)}/s`);
      }
    }
  }
  const results: Record<string, Summary & { cpuMsPerIncident: number }> = {};
  for (const [key, { values, seconds, cpuMs }] of latencies) results[key] = { ...summarize(values, seconds), cpuMsPerIncident: cpuMs / values.length };

  const rows = [1, 16].flatMap((callers) => {
    const c = results[`core|${callers}`];
    const r = results[`raw|${callers}`];
    return [
      [`core (service.handle)`, callers, c.count, c.perSecond.toFixed(0), ms(c.p50), ms(c.p99), ms(c.max), ms(c.cpuMsPerIncident), `${((c.perSecond / r.perSecond) * 100).toFixed(0)}%`],
      [`raw pg baseline`, callers, r.count, r.perSecond.toFixed(0), ms(r.p50), ms(r.p99), ms(r.max), ms(r.cpuMsPerIncident), '100%'],
    ];
  });
  const table = markdownTable(['path', 'callers', 'incidents', 'incidents/s', 'p50 ms', 'p99 ms', 'max ms', 'Node CPU ms/incident', 'of baseline'], rows);
  const c16 = results['core|16'];
  const ratio16 = c16.perSecond / results['raw|16'].perSecond;
  const ratio1 = results['core|1'].perSecond / results['raw|1'].perSecond;
  const verdict = [
    `throughput vs baseline: ${(ratio1 * 100).toFixed(0)}% at 1 caller, ${(ratio16 * 100).toFixed(0)}% at 16 (target ≥ 70%): ${Math.min(ratio1, ratio16) >= 0.7 ? 'met' : 'NOT met'}`,
    `p99 at 16 callers: ${ms(c16.p99)} ms (target < 50 ms): ${c16.p99 < 50 ? 'met' : 'NOT met'}`,
    `p99 at 16 callers as a multiple of the raw baseline's in this run: ${(c16.p99 / results['raw|16'].p99).toFixed(2)}x (goal ≤ 1.2x): ${c16.p99 / results['raw|16'].p99 <= 1.2 ? 'met' : 'NOT met'}`,
  ];
  // Where a registration's time goes at 16 callers, as the server sees it: what the bench database's busy connections
  // were doing, sampled every few milliseconds (pg_stat_activity). "Lock: advisory" is the audit chain's lock,
  // "Lock: transactionid/tuple" a row lock (the incident counter), "IO: WALSync" and "LWLock: WALWrite" the commit's
  // flush, "Client: ClientRead" a connection waiting for Node (inside a transaction when "idle in transaction"),
  // "CPU" a running statement.
  const waitRows: string[][] = [];
  for (const mode of ['core', 'raw']) {
    const counts = waits.get(`${mode}|16`) ?? new Map();
    const total = [...counts.values()].reduce((a, b) => a + b, 0) || 1;
    for (const [what, n] of [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
      waitRows.push([mode === 'core' ? 'core (service.handle)' : 'raw pg baseline', what, String(n), `${((n / total) * 100).toFixed(1)}%`]);
    }
  }
  const waitTable = markdownTable(['path (16 callers)', 'busy connection state', 'samples', 'share'], waitRows);
  const chain = await verifyAuditChain(bench.db);
  if (chain.firstBreak) throw new Error(`audit chain broken at ${chain.firstBreak.seq}`);
  console.log(`\n${machineLine()}\n${loadBefore} at start, ${loadLine()} at end\n${ROUNDS} rounds × ${SECONDS} s per phase, pool ${POOL}; audit chain intact over ${chain.checked} events\n\n${table}\n\nwhere the time goes at 16 callers (server side, sampled):\n\n${waitTable}\n\n${verdict.join('\n')}`);
  saveBenchResult('registration', { load: [loadBefore, loadLine()], seconds: SECONDS, rounds: ROUNDS, results, waits: Object.fromEntries([...waits].map(([k, v]) => [k, Object.fromEntries(v)])), verdict });
  await pool.end();
} finally {
  clearTimeout(guard);
  await bench.destroy();
}

/** Like runClosedLoop, keeping the raw latencies so rounds can be merged. */
async function runClosedLoopRaw(callers: number, durationMs: number, work: () => Promise<unknown>): Promise<{ values: number[]; seconds: number; cpuMs: number }> {
  const values: number[] = [];
  const cpu = process.cpuUsage();
  const start = performance.now();
  const until = start + durationMs;
  await Promise.all(Array.from({ length: callers }, async () => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await work();
      values.push(performance.now() - t0);
    }
  }));
  const used = process.cpuUsage(cpu);
  return { values, seconds: (performance.now() - start) / 1000, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Samples what the database's non-idle connections wait on, every 5 ms on a connection of its own, adding to `counts`
 * ("wait type: event (state)" -> samples) until stopped.
 */
function sampleWaits(url: string, counts: Map<string, number>): { stop(): Promise<Map<string, number>> } {
  let running = true;
  const done = (async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      while (running) {
        const { rows } = await client.query<{ what: string }>(
          `SELECT coalesce(wait_event_type || ': ' || wait_event, 'CPU') || ' (' || state || ')' AS what
             FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
              AND backend_type = 'client backend'`);
        for (const { what } of rows) counts.set(what, (counts.get(what) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      await client.end();
    }
    return counts;
  })();
  return { stop: () => { running = false; return done; } };
}
