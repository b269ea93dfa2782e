import type { Database } from '../../src/infra/db/database.ts';

/** Runs `work`, keeps its milliseconds in `log` under `label` and prints them to stderr. */
export async function timed<T>(label: string, work: () => Promise<T>, log: Record<string, number>): Promise<T> {
  const started = performance.now();
  const result = await work();
  log[label] = Math.round(performance.now() - started);
  process.stderr.write(`${label}: ${log[label]} ms\n`);
  return result;
}

export interface YearOfHistory {
  /** The seeded year ends here. */
  end: Date;
  incidents: number;
  auditEvents: number;
  /** Audit rows per INSERT (the chain trigger runs per row either way; smaller statements keep memory down). */
  auditBatch: number;
  /** How long after registration a closed incident was closed (an SQL interval). */
  closedAfter: string;
  /** Agency actions, spread over the incidents (three each at 300 000 for 100 000 incidents); default none. */
  actions?: number;
  /** Leaf area, agency and category ids of the loaded deployment file. */
  areas: string[];
  agencies: string[];
  categories: string[];
}

/**
 * A year of history in SQL (generate_series), for the digest and pack benchmarks: incidents, three agency parts each
 * (10 % never answered), 5 % still open; audit events with 3 % escalations; one roster of the bundled file's names
 * with a handover a day; agency actions when asked (mostly done, some after their due time a week after the proposal,
 * 2 % declined; in the last eight weeks 6 % accepted and 2 % unanswered, still open; before that 0.5 % forgotten).
 */
export async function seedYear(db: Database, year: YearOfHistory, log: Record<string, number>): Promise<void> {
  const { end, incidents, auditEvents, areas, agencies, categories } = year;
  const start = new Date(end.getTime() - 365 * 86400_000).toISOString();
  const step = (365 * 86400) / incidents;
  const arr = (values: string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(',')}]`;
  // Numbers given and the counter set once: the gapless-number trigger's one counter row updated 100 000 times in one
  // transaction makes the bulk insert quadratic (fixtures only; registrations draw numbers as usual).
  await timed('seed.incidents', () => db.sql.exec(`
    ALTER TABLE incident DISABLE TRIGGER incident_number_draw;
    INSERT INTO incident (id, number, year, area_id, category_id, severity, description, status, reporter_id, reporter_agency_id, source_platform, created_at, closed_at)
    SELECT gen_random_uuid(), i, 2026, (${arr(areas)})[1 + i % ${areas.length}], (${arr(categories)})[1 + (i * 7) % ${categories.length}],
           1 + i % 4, 'seeded incident ' || i, CASE WHEN i % 20 = 0 THEN 'open' ELSE 'closed' END::"IncidentStatus",
           'anna.lind', 'socialtjansten', 'web'::"Platform", ts, CASE WHEN i % 20 = 0 THEN NULL ELSE ts + interval '${year.closedAfter}' END
    FROM (SELECT i, '${start}'::timestamptz + i * interval '${step} seconds' AS ts FROM generate_series(1, ${incidents}) i) s;
    UPDATE counter SET value = ${incidents} WHERE name = 'incident.number';
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
  const auditStep = (365 * 86400) / auditEvents;
  for (let from = 1; from <= auditEvents; from += year.auditBatch) {
    const to = Math.min(auditEvents, from + year.auditBatch - 1);
    // 3 % escalations, the rest registrations, answers and deliveries; payload digests are placeholders (bench only).
    await timed(`seed.audit_${from}-${to}`, () => db.sql.exec(`
      INSERT INTO audit_event (at, actor_id, action, subject_type, subject_id, after, platform, payload_digest)
      SELECT '${start}'::timestamptz + n * interval '${auditStep} seconds', CASE WHEN n % 100 < 3 THEN 'scheduler' ELSE 'karin.dahl' END,
             CASE WHEN n % 100 < 3 THEN 'incident.escalated' WHEN n % 100 < 30 THEN 'incident.acknowledged'
                  WHEN n % 100 < 40 THEN 'incident.registered' ELSE 'notification.delivered' END,
             CASE WHEN n % 100 < 40 THEN 'incident' ELSE 'notification' END,
             CASE WHEN n % 100 < 40 THEN 'INC-2026-' || lpad((1 + (n * ${incidents}::bigint / ${auditEvents}) % ${incidents})::text, 4, '0') ELSE gen_random_uuid()::text END,
             jsonb_build_object('agencyId', (${arr(agencies)})[1 + n % ${agencies.length}], 'escalationLevel', 1 + n % 2),
             'system', md5(n::text)
      FROM generate_series(${from}, ${to}) n`), log);
  }
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
    FROM generate_series('${start}'::timestamptz, '${end.toISOString()}'::timestamptz, interval '1 day') d`), log);
  if (year.actions) {
    // Action n belongs to incident 1 + (n - 1) / 3 (cycling when there are more), proposed 0–47 hours after it. The
    // last eight weeks' actions are still in flight (2 % unanswered, 6 % accepted); of older ones 0.5 % were accepted
    // and never done (forgotten), the rest done or declined.
    const recentFrom = Math.floor((incidents * 44) / 52);
    await timed('seed.agency_actions', () => db.sql.exec(`
      INSERT INTO agency_action (id, incident_id, seq, agency_id, text, state, due_at, proposed_by, proposed_at, answered_by, answered_at, done_by, done_at)
      SELECT gen_random_uuid(), i.id, s.seq, (${arr(agencies)})[1 + s.n % ${agencies.length}], 'seeded action ' || s.n, s.state::"ActionState",
             CASE WHEN s.n % 100 = 50 THEN NULL ELSE p.at + interval '7 days' END,
             'maria.ekstrom', p.at,
             CASE WHEN s.state = 'proposed' THEN NULL ELSE 'karin.dahl' END,
             CASE WHEN s.state = 'proposed' THEN NULL ELSE p.at + interval '1 hour' END,
             CASE WHEN s.state = 'done' THEN 'karin.dahl' END,
             CASE WHEN s.state = 'done' THEN p.at + ((s.n * 7) % 12) * interval '1 day' END
      FROM (
        SELECT n, 1 + (n - 1) % 3 + 3 * ((n - 1) / (3 * ${incidents})) AS seq, 1 + ((n - 1) / 3) % ${incidents} AS number,
               CASE WHEN 1 + ((n - 1) / 3) % ${incidents} > ${recentFrom} THEN
                      CASE WHEN n % 50 = 0 THEN 'proposed' WHEN n % 50 = 1 THEN 'declined' WHEN n % 50 BETWEEN 2 AND 4 THEN 'accepted' ELSE 'done' END
                    ELSE CASE WHEN n % 200 = 0 THEN 'accepted' WHEN n % 50 = 1 THEN 'declined' ELSE 'done' END END AS state
        FROM generate_series(1, ${year.actions}) n
      ) s
      JOIN incident i ON i.year = 2026 AND i.number = s.number
      CROSS JOIN LATERAL (SELECT i.created_at + (s.n % 48) * interval '1 hour' AS at) p`), log);
  }
  await timed('seed.analyze', () => db.sql.exec('ANALYZE'), log);
}
