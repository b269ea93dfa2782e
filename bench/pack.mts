/**
 * Weekly pack benchmark: the pack of one week (the digest's figures over that week, the four weeks before it as the
 * trend, open and overdue actions by agency at the week's end, handovers counted, the read log written) over a
 * PostgreSQL database holding a year of 100 000 incidents (300 000 agency parts), 300 000 agency actions, 300 000
 * audit events and a year of handovers. Target: under 500 ms. Seeding is SQL (generate_series) in a few big
 * statements.
 *
 * Each run times the pack twice, side by side on the same data and load: "before", the trend weeks read as the
 * digest's full rows (every agency part of four weeks, figured in the core), and "after", the trend's one grouped
 * query (`SqlPackReader.trend`). Both read the actions with `SqlPackReader.actionsAt`, which is also timed alone
 * with and without its three indexes.
 *
 *   npx tsx bench/pack.mts            (needs PostgreSQL on 127.0.0.1:5432; SAMBAND_BENCH_PG_URL to change)
 *
 * Prints a Markdown table and writes its figures to .tmp/bench/pack.json; bench/README.md (## Weekly pack) quotes
 * them. BENCH_INCIDENTS, BENCH_ACTIONS and BENCH_AUDIT_EVENTS change the sizes (defaults 100 000, 300 000, 300 000).
 */
import { createBenchDatabase } from './lib/bench-database.ts';
import { loadLine, machineLine, saveBenchResult } from './lib/machine.ts';
import { bundledDirectoryReader, seedBundledYear } from './lib/bundled-year.ts';
import { PrismaShiftStore } from '../src/infra/shift/prisma-shift-store.ts';
import { PrismaAccessLog } from '../src/infra/access/prisma-access-log.ts';
import { SqlDigestReader } from '../src/infra/digest/digest-figures-sql.ts';
import { SqlPackReader } from '../src/infra/pack/sql-pack-reader.ts';
import type { PackReader, PackSpan } from '../src/core/pack/pack.port.ts';
import type { DigestScope } from '../src/core/digest/digest.types.ts';
import { answerFigures } from '../src/core/incident/answer-figures.ts';
import { headline } from '../src/core/pack/build-weekly-pack.ts';
import { digestScope } from '../src/core/digest/digest-scope.ts';
import { ManualClock } from '../src/core/ports/clock.port.ts';
import { weeklyPack } from '../src/core/pack/weekly-pack.service.ts';
import { packExportFiles } from '../src/core/pack/pack-export.ts';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 300_000);
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 300_000);
const RUNS = 20;
const TARGET_MS = 500;
/** The seeded year ends here (a Thursday); the pack covers the last whole week, 2026-W47 (16–22 November). */
const END = new Date('2026-11-26T23:00:00Z');
const WEEK = '2026-W47';

/** The trend as it was read before: each week's full digest rows, every agency part figured in the core. */
class DigestRowsTrend implements PackReader {
  constructor(private readonly rows: SqlDigestReader, private readonly actions: SqlPackReader) {}

  trend(spans: PackSpan[], scope: DigestScope, asOf: Date) {
    return Promise.all(spans.map(async (span) => {
      const { answers, ...rest } = await this.rows.rows({ date: '', ...span }, scope);
      const { week: _, ...counts } = headline('', { ...rest, ack: answerFigures(answers, asOf) });
      return counts;
    }));
  }

  actionsAt(at: Date, scope: DigestScope) {
    return this.actions.actionsAt(at, scope);
  }
}

const ACTION_INDEXES = {
  agency_action_state_proposed_at_idx: '(state, proposed_at)',
  agency_action_done_at_idx: '(done_at)',
  agency_action_state_answered_at_idx: '(state, answered_at)',
};

async function main(): Promise<void> {
  const bench = await createBenchDatabase('pack', 10);
  const { db } = bench;
  const log: Record<string, number> = {};
  const loadBefore = loadLine();
  try {
    const config = await seedBundledYear(db, {
      end: END, incidents: INCIDENTS, auditEvents: AUDIT_EVENTS, actions: ACTIONS, auditBatch: AUDIT_EVENTS, closedAfter: '3 days',
    }, log);
    const counts = (await db.sql.query<{ incidents: string; parts: string; actions: string; audit: string }>(
      'SELECT (SELECT count(*) FROM incident) AS incidents, (SELECT count(*) FROM incident_agency) AS parts, (SELECT count(*) FROM agency_action) AS actions, (SELECT count(*) FROM audit_event) AS audit'))[0];

    const clock = new ManualClock(new Date('2026-11-24T07:00:00Z'));
    const directoryReader = bundledDirectoryReader(db, config);
    const directory = await directoryReader.current();
    const shifts = new PrismaShiftStore(db, clock);
    await shifts.fresh();
    const digestRows = new SqlDigestReader(db.prisma);
    const packs = new SqlPackReader(db.prisma);
    const after = { directory: directoryReader, shifts, clock, accessLog: new PrismaAccessLog(db), reader: digestRows, packs };
    const before = { ...after, packs: new DigestRowsTrend(digestRows, packs) };
    const cases = [
      { name: 'Järva (district, supervisor)', viewerId: 'maria.ekstrom', areaId: 'jarva' },
      { name: 'Rinkeby (area, supervisor)', viewerId: 'maria.ekstrom', areaId: 'rinkeby' },
      { name: 'Stockholm (city, CLI)', viewerId: 'cli', areaId: 'stockholm' },
    ];
    const at = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] * 10) / 10;
    };
    const results: Record<string, {
      beforeP50: number; beforeP95: number; p50: number; p95: number; max: number; exportP50: number; incidents: number; openActions: number; overdueActions: number;
    }> = {};
    for (const c of cases) {
      const times: number[] = [];
      const beforeTimes: number[] = [];
      const exports: number[] = [];
      let incidents = 0;
      let openActions = 0;
      let overdueActions = 0;
      for (let run = 0; run < RUNS + 2; run += 1) {
        // Before and after alternate, so both see the same load.
        const first = performance.now();
        const old = await weeklyPack(before, { viewerId: c.viewerId, areaId: c.areaId, week: WEEK, surface: 'export' });
        const started = performance.now();
        const pack = await weeklyPack(after, { viewerId: c.viewerId, areaId: c.areaId, week: WEEK, surface: 'export' });
        const built = performance.now();
        packExportFiles(directory, pack, 'sv');
        const exported = performance.now();
        if (JSON.stringify(old.previous) !== JSON.stringify(pack.previous)) throw new Error(`trend differs for ${c.name}: ${JSON.stringify(old.previous)} vs ${JSON.stringify(pack.previous)}`);
        if (run >= 2) {
          beforeTimes.push(started - first);
          times.push(built - started);
          exports.push(exported - built);
        }
        incidents = pack.figures.incidents;
        openActions = pack.actions.byAgency.reduce((s, a) => s + a.open, 0);
        overdueActions = pack.actions.byAgency.reduce((s, a) => s + a.overdue, 0);
      }
      results[c.name] = {
        beforeP50: at(beforeTimes, 0.5), beforeP95: at(beforeTimes, 0.95), p50: at(times, 0.5), p95: at(times, 0.95), max: at(times, 1),
        exportP50: at(exports, 0.5), incidents, openActions, overdueActions,
      };
      process.stderr.write(`pack ${c.name}: before p95 ${results[c.name].beforeP95} ms, after p50 ${results[c.name].p50} ms, p95 ${results[c.name].p95} ms (${incidents} new incidents, ${openActions} open actions)\n`);
    }
    // The actions query alone (whole city, end of the week), with its indexes and without them.
    const cityScope = digestScope(directory, await shifts.snapshot(), { id: 'cli', name: 'cli', role: 'admin', agencyId: null, areaIds: [], locale: 'sv', onDuty: false }, ['stockholm'], []);
    const weekEnd = new Date('2026-11-22T23:00:00Z');
    const actionTimes = async () => {
      const samples: number[] = [];
      for (let run = 0; run < RUNS + 2; run += 1) {
        const started = performance.now();
        await packs.actionsAt(weekEnd, cityScope);
        if (run >= 2) samples.push(performance.now() - started);
      }
      return { p50: at(samples, 0.5), p95: at(samples, 0.95) };
    };
    const withIndexes = await actionTimes();
    await db.sql.exec(Object.keys(ACTION_INDEXES).map((name) => `DROP INDEX ${name};`).join('\n'));
    const withoutIndexes = await actionTimes();
    await db.sql.exec(Object.entries(ACTION_INDEXES).map(([name, cols]) => `CREATE INDEX ${name} ON agency_action ${cols};`).join('\n'));
    process.stderr.write(`actions query (city): ${withIndexes.p50} ms with indexes, ${withoutIndexes.p50} ms without\n`);
    const loadAtEnd = loadLine();
    const seedSeconds = Object.entries(log).filter(([k]) => k.startsWith('seed.')).reduce((sum, [, ms]) => sum + ms, 0) / 1000;
    const rows = Object.entries(results).map(([name, r]) =>
      `| ${name} | ${r.incidents} | ${r.openActions} / ${r.overdueActions} | ${r.beforeP50} | ${r.beforeP95} | ${r.p50} | ${r.p95} | ${r.max} | ${r.exportP50} |`);
    const worst = Math.max(...Object.values(results).map((r) => r.p95));
    console.log([
      '', machineLine(), `${loadBefore} at start, ${loadAtEnd} at end`,
      `${counts.incidents} incidents, ${counts.parts} agency parts, ${counts.actions} agency actions, ${counts.audit} audit events; seeded in ${seedSeconds.toFixed(0)} s; pack of ${WEEK} with 4 weeks of trend, ${RUNS} runs per case`, '',
      '| pack | new incidents that week | open / overdue actions at its end | before p50 ms | before p95 ms | p50 ms | p95 ms | max ms | Markdown + CSV p50 ms |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |', ...rows, '',
      `actions query alone (city, end of ${WEEK}): p50 ${withIndexes.p50} ms, p95 ${withIndexes.p95} ms with its indexes; p50 ${withoutIndexes.p50} ms, p95 ${withoutIndexes.p95} ms without`, '',
      `target p95 < ${TARGET_MS} ms: ${worst < TARGET_MS ? 'met' : 'NOT met'} (worst p95 ${worst} ms)`,
    ].join('\n'));
    saveBenchResult('pack', {
      load: [loadBefore, loadAtEnd], rows: counts, week: WEEK, runs: RUNS,
      packMs: results, actionsQueryMs: { withIndexes, withoutIndexes }, seedMs: log, targetMs: TARGET_MS, met: worst < TARGET_MS,
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
