/**
 * Weekly pack benchmark: the pack of one week (the digest's figures over that week and each of the four before it,
 * handovers counted, the read log written) over a PostgreSQL database holding a year of 100 000 incidents (300 000
 * agency parts), 300 000 audit events and a year of handovers. Target: under 500 ms. Seeding is SQL
 * (generate_series) in a few big statements.
 *
 *   npx tsx bench/pack.mts            (needs PostgreSQL on 127.0.0.1:5432; SAMBAND_BENCH_PG_URL to change)
 *
 * Prints a Markdown table and writes its figures to .tmp/bench/pack.json; bench/README.md (## Weekly pack) quotes
 * them. BENCH_INCIDENTS and BENCH_AUDIT_EVENTS change the sizes (defaults 100 000 and 300 000). Agency actions do
 * not exist yet, so the 300 000 actions of issue 13 are not seeded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createBenchDatabase } from './lib/bench-database.ts';
import { loadLine, machineLine } from './lib/machine.ts';
import { seedYear } from './lib/seed-year.ts';
import { BUNDLED_CONFIG_PATH, loadConfigFile } from '../src/infra/config/load-config-file.ts';
import { loadConfigIntoDatabase } from '../src/infra/config/load-config-into-database.ts';
import { PrismaDirectoryReader } from '../src/infra/directory/prisma-directory-reader.ts';
import { PrismaShiftStore } from '../src/infra/shift/prisma-shift-store.ts';
import { PrismaAccessLog } from '../src/infra/access/prisma-access-log.ts';
import { SqlDigestReader } from '../src/infra/digest/digest-figures-sql.ts';
import { ManualClock } from '../src/core/ports/clock.port.ts';
import { weeklyPack } from '../src/core/pack/weekly-pack.service.ts';
import { packExportFiles } from '../src/core/pack/pack-export.ts';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 300_000);
const RUNS = 20;
const TARGET_MS = 500;
/** The seeded year ends here (a Thursday); the pack covers the last whole week, 2026-W47 (16–22 November). */
const END = new Date('2026-11-26T23:00:00Z');
const WEEK = '2026-W47';

async function main(): Promise<void> {
  const bench = await createBenchDatabase('pack', 10);
  const { db } = bench;
  const log: Record<string, number> = {};
  const loadBefore = loadLine();
  try {
    const loaded = await loadConfigFile(BUNDLED_CONFIG_PATH);
    if (!loaded.ok) throw new Error('bundled config invalid');
    const config = loaded.config;
    await loadConfigIntoDatabase(db, config, { digest: loaded.digest, source: 'bench', now: END });
    const leaves = config.areas.filter((a) => a.level === 'area').map((a) => a.id);
    await seedYear(db, {
      end: END, incidents: INCIDENTS, auditEvents: AUDIT_EVENTS, auditBatch: AUDIT_EVENTS, closedAfter: '3 days',
      areas: leaves, agencies: config.agencies.map((a) => a.id), categories: config.categories.map((c) => c.id),
    }, log);
    const counts = (await db.sql.query<{ incidents: string; parts: string; audit: string }>(
      'SELECT (SELECT count(*) FROM incident) AS incidents, (SELECT count(*) FROM incident_agency) AS parts, (SELECT count(*) FROM audit_event) AS audit'))[0];

    const clock = new ManualClock(new Date('2026-11-24T07:00:00Z'));
    const directoryReader = new PrismaDirectoryReader(db, () => ({
      timeZone: config.timeZone, defaultLocale: config.defaultLocale, defaultSeverity: config.defaultSeverity,
      defaultCategory: config.defaultCategory, maxDescriptionLength: config.maxDescriptionLength,
    }));
    const directory = await directoryReader.current();
    const shifts = new PrismaShiftStore(db, clock);
    await shifts.fresh();
    const deps = { directory: directoryReader, shifts, clock, accessLog: new PrismaAccessLog(db), reader: new SqlDigestReader(db.prisma) };
    const cases = [
      { name: 'Järva (district, supervisor)', viewerId: 'maria.ekstrom', areaId: 'jarva' },
      { name: 'Rinkeby (area, supervisor)', viewerId: 'maria.ekstrom', areaId: 'rinkeby' },
      { name: 'Stockholm (city, CLI)', viewerId: 'cli', areaId: 'stockholm' },
    ];
    const at = (values: number[], p: number) => {
      const sorted = [...values].sort((a, b) => a - b);
      return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] * 10) / 10;
    };
    const results: Record<string, { p50: number; p95: number; max: number; exportP50: number; incidents: number }> = {};
    for (const c of cases) {
      const times: number[] = [];
      const exports: number[] = [];
      let incidents = 0;
      for (let run = 0; run < RUNS + 2; run += 1) {
        const started = performance.now();
        const pack = await weeklyPack(deps, { viewerId: c.viewerId, areaId: c.areaId, week: WEEK, surface: 'export' });
        const built = performance.now();
        packExportFiles(directory, pack, 'sv');
        const exported = performance.now();
        if (run >= 2) {
          times.push(built - started);
          exports.push(exported - built);
        }
        incidents = pack.figures.incidents;
      }
      results[c.name] = { p50: at(times, 0.5), p95: at(times, 0.95), max: at(times, 1), exportP50: at(exports, 0.5), incidents };
      process.stderr.write(`pack ${c.name}: p50 ${results[c.name].p50} ms, p95 ${results[c.name].p95} ms (${incidents} new incidents that week)\n`);
    }
    const loadAtEnd = loadLine();
    const seedSeconds = Object.entries(log).filter(([k]) => k.startsWith('seed.')).reduce((sum, [, ms]) => sum + ms, 0) / 1000;
    const rows = Object.entries(results).map(([name, r]) => `| ${name} | ${r.incidents} | ${r.p50} | ${r.p95} | ${r.max} | ${r.exportP50} |`);
    const worst = Math.max(...Object.values(results).map((r) => r.p95));
    console.log([
      '', machineLine(), `${loadBefore} at start, ${loadAtEnd} at end`,
      `${counts.incidents} incidents, ${counts.parts} agency parts, ${counts.audit} audit events; seeded in ${seedSeconds.toFixed(0)} s; pack of ${WEEK} with 4 weeks of trend, ${RUNS} runs per case`, '',
      '| pack | new incidents that week | p50 ms | p95 ms | max ms | Markdown + CSV p50 ms |', '| --- | --- | --- | --- | --- | --- |', ...rows, '',
      `target p95 < ${TARGET_MS} ms: ${worst < TARGET_MS ? 'met' : 'NOT met'} (worst p95 ${worst} ms)`,
    ].join('\n'));
    mkdirSync(new URL('../.tmp/bench/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../.tmp/bench/pack.json', import.meta.url), JSON.stringify({
      at: new Date().toISOString(), machine: machineLine(), load: [loadBefore, loadAtEnd], rows: counts, week: WEEK, runs: RUNS,
      packMs: results, seedMs: log, targetMs: TARGET_MS, met: worst < TARGET_MS,
    }, null, 2));
    if (worst >= TARGET_MS) process.exitCode = 1;
  } finally {
    await bench.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
