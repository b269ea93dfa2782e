import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { CHURNING_TABLES, vacuumJob } from '../../src/infra/db/vacuum-tables.job.ts';
import { claimDue } from '../../src/infra/delivery/outbox-queries.ts';
import { requestKeyPruneJob } from '../../src/infra/request-key/prune-request-keys.job.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';

// PGlite runs no autovacuum: the maintenance job keeps the delivery claim (and every hot query) as cheap after a
// history of deliveries as on an empty database.

const ROWS = 6000;

/** The claim's search for due rows, as EXPLAIN (ANALYZE, BUFFERS) sees it: blocks touched and the plan's node types. */
async function claimSearch(db: TestDatabase): Promise<{ blocks: number; plan: string }> {
  const rows = await db.sql.query<{ 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)
     SELECT n.id FROM notification n
      WHERE n.next_attempt_at <= now() AND (n.status = 'pending' OR (n.status = 'sending' AND n.claimed_until < now()))
        AND (n.updates_id IS NULL OR NOT EXISTS (SELECT 1 FROM notification e WHERE e.updates_id = n.updates_id
              AND e.status IN ('pending', 'sending') AND e.created_at < n.created_at))
        AND (n.thread_of_id IS NULL OR EXISTS (SELECT 1 FROM notification o WHERE o.id = n.thread_of_id AND o.status IN ('sent', 'dead')))
      ORDER BY n.next_attempt_at LIMIT 50`,
  );
  const plan = rows[0]['QUERY PLAN'][0].Plan;
  const json = JSON.stringify(plan);
  return { blocks: Number(plan['Shared Hit Blocks'] ?? 0) + Number(plan['Shared Read Blocks'] ?? 0), plan: json };
}

/** A history of deliveries: ROWS notifications, half of them updates or follow-ups of another, each sent. */
async function deliverHistory(db: TestDatabase): Promise<void> {
  await db.sql.exec(`
    INSERT INTO notification (id, idempotency_key, kind, platform, channel, message, next_attempt_at, created_at)
    SELECT gen_random_uuid(), 'orig-' || g, 'incident', 'web', 'c', '{}'::jsonb, now() - interval '1 hour', now() - interval '1 hour'
      FROM generate_series(1, ${ROWS / 2}) g;
    INSERT INTO notification (id, idempotency_key, kind, platform, channel, message, next_attempt_at, created_at, updates_id, thread_of_id)
    SELECT gen_random_uuid(), 'next-' || o.idempotency_key, 'update', 'web', 'c', '{}'::jsonb, o.created_at, o.created_at,
           CASE WHEN random() < 0.5 THEN o.id END, CASE WHEN random() >= 0.5 THEN o.id END
      FROM notification o;
    UPDATE notification SET status = 'sending', claimed_by = 'w', claimed_until = now() + interval '1 minute', attempts = 1;
    UPDATE notification SET status = 'sent', claimed_by = NULL, claimed_until = NULL, sent_at = now(), platform_message_id = 'm';
  `);
}

describe('maintenance on PGlite', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase('pglite'); });
  afterAll(async () => { await db?.destroy(); });

  it('vacuums the churned outbox so the claim touches a few blocks instead of every dead row', async () => {
    await deliverHistory(db);
    const churned = await claimSearch(db);

    const job = vacuumJob(db, silentLogger);
    expect(await job.runOnce()).toBe(CHURNING_TABLES.length);

    const vacuumed = await claimSearch(db);
    // Before: the status index still points at every dead version, and each is checked in the heap.
    expect(churned.blocks).toBeGreaterThan(100);
    expect(vacuumed.blocks).toBeLessThan(20);
    expect(vacuumed.blocks * 10).toBeLessThan(churned.blocks);
    // The statistics are fresh: the planner knows the table's size.
    const [stats] = await db.sql.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = 'notification'`);
    expect(Number(stats.reltuples)).toBe(ROWS);

    // The next passes vacuum only: ANALYZE costs the same whatever changed, so it comes every tenth pass.
    const counts = async () => (await db.sql.query<{ vacuums: number; analyzes: number }>(
      `SELECT vacuum_count::int AS vacuums, analyze_count::int AS analyzes FROM pg_stat_user_tables WHERE relname = 'notification'`))[0];
    const before = await counts();
    await job.runOnce();
    const after = await counts();
    expect(after.vacuums).toBe(before.vacuums + 1);
    expect(after.analyzes).toBe(before.analyzes);
  });

  it('serves the claim\'s look-ups by updates_id and thread_of_id from indexes, never a scan of the outbox', async () => {
    // (With a status filter the planner may prefer the status index when little is pending; both are indexes.)
    const lookups = await db.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT 1 FROM notification e WHERE e.updates_id = gen_random_uuid()`);
    expect(lookups.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index.*notification_updates_id_idx/);
    const threads = await db.sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN SELECT 1 FROM notification e WHERE e.thread_of_id = gen_random_uuid()`);
    expect(threads.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Index.*notification_thread_of_id_idx/);
    const claim = await claimSearch(db);
    expect(claim.plan).not.toMatch(/"Node Type":"Seq Scan"/);
  });

  it('still claims what is due after a pass, and an update only once its original is through', async () => {
    await db.sql.exec(`
      INSERT INTO notification (id, idempotency_key, kind, platform, channel, message, next_attempt_at, created_at)
      VALUES ('00000000-0000-4000-8000-000000000001', 'due-original', 'incident', 'web', 'c', '{}'::jsonb, now(), now());
      INSERT INTO notification (id, idempotency_key, kind, platform, channel, message, next_attempt_at, created_at, updates_id)
      VALUES ('00000000-0000-4000-8000-000000000002', 'due-update', 'update', 'web', 'c', '{}'::jsonb, now(), now(), '00000000-0000-4000-8000-000000000001');
    `);
    const claimed = await claimDue(db, 'w', new Date(Date.now() + 1000), new Date(Date.now() + 60_000), 50);
    expect(claimed.map((c) => c.idempotencyKey)).toEqual(['due-original']);
  });

  it('vacuums request_key right after a prune that deleted in bulk', async () => {
    const clock = new ManualClock(new Date('2026-11-29T12:00:00Z'));
    await db.sql.exec(`
      INSERT INTO request_key (key, kind, subject, created_at)
      SELECT 'old-' || g, 'note', 's', timestamptz '2026-11-01T00:00:00Z' FROM generate_series(1, 3000) g;
      INSERT INTO request_key (key, kind, subject, created_at)
      SELECT 'new-' || g, 'note', 's', timestamptz '2026-11-29T11:00:00Z' FROM generate_series(1, 7) g;
      ANALYZE request_key;
    `);
    expect(await requestKeyPruneJob(db, clock, silentLogger).runOnce()).toBe(3000);
    // VACUUM (ANALYZE) sets the table's row estimate to what is left; without it the planner would still see 3007.
    const [stats] = await db.sql.query<{ reltuples: number }>(`SELECT reltuples FROM pg_class WHERE relname = 'request_key'`);
    expect(Number(stats.reltuples)).toBe(7);
  });
});

describe('maintenance on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase('postgres'); });
  afterAll(async () => { await db?.destroy(); });

  it('vacuums itself only when the server runs without autovacuum; the outbox and inbox get autovacuum settings', async () => {
    const [{ autovacuum }] = await db.sql.query<{ autovacuum: string }>('SHOW autovacuum');
    const lines: string[] = [];
    const logger = { log: (_level: string, event: string) => { lines.push(event); }, child: () => logger };
    const passed = await vacuumJob(db, logger as never).runOnce();
    // The development server of this machine runs with autovacuum off; a production one with it on.
    if (autovacuum === 'on') {
      expect(passed).toBe(0);
      expect(lines).not.toContain('db.autovacuum_off');
    } else {
      expect(passed).toBe(CHURNING_TABLES.length);
      expect(lines).toContain('db.autovacuum_off');
    }
    const rows = await db.sql.query<{ relname: string; reloptions: string[] }>(
      `SELECT relname, reloptions FROM pg_class WHERE relname IN ('notification', 'inbox_request', 'request_key', 'incident_agency') ORDER BY relname`,
    );
    expect(rows.map((r) => r.relname)).toEqual(['inbox_request', 'incident_agency', 'notification', 'request_key']);
    for (const row of rows) expect(row.reloptions).toContain('autovacuum_vacuum_scale_factor=0.0');
  });
});
