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
import { BUNDLED_CONFIG_PATH, loadConfigFile } from '../src/infra/config/load-config-file.ts';
import { loadConfigIntoDatabase } from '../src/infra/config/load-config-into-database.ts';
import { PrismaDirectoryReader } from '../src/infra/directory/prisma-directory-reader.ts';
import { PrismaShiftStore } from '../src/infra/shift/prisma-shift-store.ts';
import { PrismaAccessLog } from '../src/infra/access/prisma-access-log.ts';
import { SqlDigestReader } from '../src/infra/digest/digest-figures-sql.ts';
import { ManualClock } from '../src/core/ports/clock.port.ts';
import { weeklyPack } from '../src/core/pack/weekly-pack.service.ts';
import { packExportFiles } from '../src/core/pack/pack-export.ts';
import type { Database } from '../src/infra/db/database.ts';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const AUDIT_EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 300_000);
const RUNS = 20;
const TARGET_MS = 500;
/** The seeded year ends here (a Thursday); the pack covers the last whole week, 2026-W47 (16–22 November). */
const END = new Date('2026-11-26T23:00:00Z');
const WEEK = '2026-W47';

async function timed<T>(label: string, work: () => Promise<T>, log: Record<string, number>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log[label] = Math.round(performance.now() - started);
  process.stderr.write(`${label}: ${log[label]} ms\n`);
  return result;
}

/** 100 000 incidents over a year, three agency parts each, 5 % still open; audit events with 3 % escalations; daily handovers. */
async function seed(db: Database, areas: string[], agencies: string[], categories: string[], log: Record<string, number>): Promise<void> {
  const start = new Date(END.getTime() - 365 * 86400_000).toISOString();
  const step = (365 * 86400) / INCIDENTS;
  const arr = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;
  // Numbers given and the counter set once: the gapless-number trigger's one counter row updated 100 000 times in one
  // transaction makes the bulk insert quadratic (fixtures only; registrations draw numbers as usual).
  await timed('seed.incidents', () => db.sql.exec(`
    ALTER TABLE incident DISABLE TRIGGER incident_number_draw;
    INSERT INTO incident (id, number, year, area_id, category_id, severity, description, status, reporter_id, reporter_agency_id, source_platform, created_at, closed_at)
    SELECT gen_random_uuid(), i, 2026, (${arr(areas)})[1 + i % ${areas.length}], (${arr(categories)})[1 + (i * 7) % ${categories.length}],
           1 + i % 4, 'seeded incident ' || i, CASE WHEN i % 20 = 0 THEN 'open' ELSE 'closed' END::"IncidentStatus",
           'anna.lind', 'socialtjansten', 'web'::"Platform", ts, CASE WHEN i % 20 = 0 THEN NULL ELSE ts + interval '3 days' END
    FROM (SELECT i, '${start}'::timestamptz + i * interval '${step} seconds' AS ts FROM generate_series(1, ${INCIDENTS}) i) s;
    UPDATE counter SET value = ${INCIDENTS} WHERE name = 'incident.number';
    ALTER TABLE incident ENABLE TRIGGER incident_number_draw;`), log);
  await timed('seed.incident_agencies', () => db.sql.exec(`
    INSERT INTO incident_agency (incident_id, agency_id, state, can_see_sensitive, deadline_at, acknowledged_at, acknowledged_by, escalation_level)
    SELECT i.id, a.agency_id,
           CASE WHEN (i.number + a.k) % 10 = 0 THEN 'notified' ELSE 'acknowledged' END::"AgencyState", false,
           i.created_at + interval '15 minutes',
           CASE WHEN (i.number + a.k) % 10 = 0 THEN NULL ELSE i.created_at + ((i.number * 13 + a.k * 7) % 40) * interval '1 minute' END,
           CASE WHEN (i.number + a.k) % 10 = 0 THEN NULL ELSE 'karin.dahl' END,
           CASE WHEN (i.number + a.k) % 10 = 0 THEN 1 ELSE 0 END
    FROM incident i CROSS JOIN LATERAL (VALUES
      (0, (${arr(agencies)})[1 + i.number % ${agencies.length}]),
      (5, (${arr(agencies)})[1 + (i.number + 5) % ${agencies.length}]),
      (11, (${arr(agencies)})[1 + (i.number + 11) % ${agencies.length}])) a(k, agency_id)`), log);
  const auditStep = (365 * 86400) / AUDIT_EVENTS;
  await timed('seed.audit', () => db.sql.exec(`
    INSERT INTO audit_event (at, actor_id, action, subject_type, subject_id, after, platform, payload_digest)
    SELECT '${start}'::timestamptz + n * interval '${auditStep} seconds', CASE WHEN n % 100 < 3 THEN 'scheduler' ELSE 'karin.dahl' END,
           CASE WHEN n % 100 < 3 THEN 'incident.escalated' WHEN n % 100 < 30 THEN 'incident.acknowledged'
                WHEN n % 100 < 40 THEN 'incident.registered' ELSE 'notification.delivered' END,
           CASE WHEN n % 100 < 40 THEN 'incident' ELSE 'notification' END,
           CASE WHEN n % 100 < 40 THEN 'INC-2026-' || lpad((1 + (n * ${INCIDENTS}::bigint / ${AUDIT_EVENTS}) % ${INCIDENTS})::text, 4, '0') ELSE gen_random_uuid()::text END,
           jsonb_build_object('agencyId', (${arr(agencies)})[1 + n % ${agencies.length}], 'escalationLevel', 1 + n % 2),
           'system', md5(n::text)
    FROM generate_series(1, ${AUDIT_EVENTS}) n`), log);
  await db.sql.exec(`
    INSERT INTO roster (id, name_sv, name_en, agency_ids, area_ids, source) VALUES ('polisen-jarva', 'Polisen Järva', 'Police Järva', ARRAY['polisen'], ARRAY['jarva'], 'config');
    INSERT INTO roster_shift (roster_id, id, name_sv, name_en, starts, ends, position) VALUES
      ('polisen-jarva', 'dag', 'Dag', 'Day', '07:00', '15:00', 0), ('polisen-jarva', 'kvall', 'Kväll', 'Evening', '15:00', '23:00', 1),
      ('polisen-jarva', 'natt', 'Natt', 'Night', '23:00', '07:00', 2);
    INSERT INTO roster_assignment (id, roster_id, shift_id, person_id, weekdays, source)
      SELECT 'a' || s, 'polisen-jarva', s, p, '{}', 'config' FROM (VALUES ('dag', 'karin.dahl'), ('kvall', 'mikael.strand'), ('natt', 'karin.dahl')) v(s, p);`);
  await timed('seed.handovers', () => db.sql.exec(`
    INSERT INTO handover (id, roster_id, from_shift_id, from_date, from_starts_at, from_ends_at, to_shift_id, to_date, to_starts_at, to_ends_at,
      author_id, summary, note, recipient_ids, status, created_at, accept_due_at, accepted_at, accepted_by, accepted_late)
    SELECT gen_random_uuid(), 'polisen-jarva', 'dag', d::date, d + interval '7 hours', d + interval '15 hours', 'kvall', d::date,
      d + interval '15 hours', d + interval '23 hours', 'karin.dahl', 'seeded', '{"incidents":[],"unacknowledged":[],"escalations":[],"notes":[]}',
      ARRAY['mikael.strand'], 'accepted', d + interval '14 hours 50 minutes', d + interval '15 hours 20 minutes', d + interval '15 hours 10 minutes', 'mikael.strand', false
    FROM generate_series('${start}'::timestamptz, '${END.toISOString()}'::timestamptz, interval '1 day') d`), log);
  await timed('seed.analyze', () => db.sql.exec('ANALYZE'), log);
}

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
    await seed(db, leaves, config.agencies.map((a) => a.id), config.categories.map((c) => c.id), log);
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
