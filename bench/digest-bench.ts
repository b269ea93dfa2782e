/**
 * Digest benchmark: one day's digest over a PostgreSQL database holding 100 000 incidents (300 000 agency parts)
 * and 1 000 000 audit events. Target: under 300 ms. Seeding is SQL (generate_series) in a few big statements, so
 * the audit chain trigger runs once per row without a round trip each.
 *
 *   npx tsx bench/digest-bench.ts            (needs PostgreSQL on 127.0.0.1:5432; SAMBAND_BENCH_PG_URL to change)
 *
 * Prints a Markdown table and writes its figures to .tmp/bench/digest.json; bench/README.md (## Digest) quotes them.
 * BENCH_INCIDENTS and BENCH_AUDIT_EVENTS change the sizes (defaults 100 000 and 1 000 000).
 */
import { createBenchDatabase } from './lib/bench-database.ts';
import { loadLine, machineLine, saveBenchResult } from './lib/machine.ts';
import { timed } from './lib/seed-year.ts';
import { bundledDirectoryReader, seedBundledYear } from './lib/bundled-year.ts';
import { PrismaShiftStore } from '../src/infra/shift/prisma-shift-store.ts';
import { PrismaDigestStore } from '../src/infra/digest/prisma-digest-store.ts';
import { ManualClock } from '../src/core/ports/clock.port.ts';
import { buildDigest } from '../src/core/digest/build-digest.ts';
import { digestScope, scopeName } from '../src/core/digest/digest-scope.ts';
import { renderDigest } from '../src/core/digest/render-digest.ts';
import { sendDueDigests } from '../src/core/digest/send-digests.service.ts';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const AUDIT_BATCH = 250_000;
const RUNS = 20;
const TARGET_MS = 300;
/** The seeded year ends here; the digest covers the last full day. */
const END = new Date('2026-11-25T23:00:00Z');
const DAY = '2026-11-24';

async function main(): Promise<void> {
  const bench = await createBenchDatabase('digest', 6);
  const { db } = bench;
  const log: Record<string, number> = {};
  const loadBefore = loadLine();
  try {
    const config = await seedBundledYear(db, {
      end: END, incidents: INCIDENTS, auditEvents: AUDIT_EVENTS, auditBatch: AUDIT_BATCH, closedAfter: '3 hours',
    }, log);
    const counts = (await db.sql.query<{ incidents: string; parts: string; audit: string }>(
      'SELECT (SELECT count(*) FROM incident) AS incidents, (SELECT count(*) FROM incident_agency) AS parts, (SELECT count(*) FROM audit_event) AS audit'))[0];

    const clock = new ManualClock(new Date('2026-11-25T06:00:00Z'));
    const directoryReader = bundledDirectoryReader(db, config);
    const directory = await directoryReader.current();
    const shifts = new PrismaShiftStore(db, clock);
    const snapshot = await shifts.fresh();
    const digests = new PrismaDigestStore(db);
    const admin = directory.person('lena.sjoberg')!;
    const supervisor = directory.person('maria.ekstrom')!;
    const scopes = {
      city: digestScope(directory, snapshot, admin, [], []),
      jarva: digestScope(directory, snapshot, supervisor, ['jarva'], []),
      jarvaPolice: digestScope(directory, snapshot, supervisor, ['jarva'], ['polisen']),
    };
    const results: Record<string, { p50: number; p95: number; max: number; queryP50: number; renderP50: number; incidents: number }> = {};
    const at = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] * 10) / 10;
    };
    for (const [name, scope] of Object.entries(scopes)) {
      const times: number[] = [];
      const queries: number[] = [];
      const renders: number[] = [];
      let incidents = 0;
      for (let run = 0; run < RUNS + 2; run += 1) {
        const started = performance.now();
        const data = await buildDigest(digests.reader, snapshot, scope, DAY, config.timeZone, clock.now());
        const queried = performance.now();
        renderDigest(directory, data, { locale: 'sv', scopeName: scopeName(directory, scope.areaIds.slice(0, 1), scope.agencyIds, 'sv') });
        const rendered = performance.now();
        if (run >= 2) {
          times.push(rendered - started);
          queries.push(queried - started);
          renders.push(rendered - queried);
        }
        incidents = data.figures.incidents;
      }
      results[name] = { p50: at(times, 0.5), p95: at(times, 0.95), max: at(times, 1), queryP50: at(queries, 0.5), renderP50: at(renders, 0.5), incidents };
      process.stderr.write(`digest ${name}: p50 ${results[name].p50} ms, p95 ${results[name].p95} ms (${incidents} incidents that day)\n`);
    }
    // A whole scheduled send: claim the key, compute, render, queue the message and audit it, in one transaction.
    await db.sql.query(`INSERT INTO digest_subscription (id, person_id, area_ids, agency_ids, local_time, locale, source, created_at)
      VALUES ('bench', 'maria.ekstrom', ARRAY['jarva'], '{}', '07:00', 'sv', 'admin', $1)`, [new Date('2026-11-24T00:00:00Z')]);
    const send = await timed('scheduled_send', () => sendDueDigests({ directory: directoryReader, clock, shifts, digests }), log);
    const loadAtEnd = loadLine();
    const seedSeconds = Object.entries(log).filter(([k]) => k.startsWith('seed.')).reduce((sum, [, ms]) => sum + ms, 0) / 1000;
    const rows = Object.entries(results).map(([name, r]) => `| ${name} | ${r.incidents} | ${r.p50} | ${r.p95} | ${r.max} | ${r.queryP50} | ${r.renderP50} |`);
    const worst = Math.max(...Object.values(results).map((r) => r.p95));
    console.log([
      '', machineLine(), `${loadBefore} at start, ${loadAtEnd} at end`,
      `${counts.incidents} incidents, ${counts.parts} agency parts, ${counts.audit} audit events; seeded in ${seedSeconds.toFixed(0)} s; digest of ${DAY}, ${RUNS} runs per scope`, '',
      '| scope | incidents that day | p50 ms | p95 ms | max ms | queries p50 ms | render p50 ms |', '| --- | --- | --- | --- | --- | --- | --- |', ...rows, '',
      `scheduled send (claim, compute, render, queue, audit; ${send} digests): ${log.scheduled_send} ms`,
      `target p95 < ${TARGET_MS} ms: ${worst < TARGET_MS ? 'met' : 'NOT met'} (worst p95 ${worst} ms)`,
    ].join('\n'));
    saveBenchResult('digest', {
      load: [loadBefore, loadAtEnd], rows: counts, day: DAY, runs: RUNS,
      digestMs: results, scheduledSend: { sent: send, ms: log.scheduled_send }, seedMs: log, targetMs: TARGET_MS, met: worst < TARGET_MS,
    });
    if (worst >= TARGET_MS) process.exitCode = 1;
  } finally {
    await bench.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
