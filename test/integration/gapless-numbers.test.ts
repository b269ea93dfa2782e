import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { createTestDatabase, DATABASE_KINDS } from '../support/test-database.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import type { Database } from '../../src/infra/db/database.ts';
import type { NewIncident } from '../../src/core/incident/incident.port.ts';
import { applyMigrations, MIGRATIONS_DIR, readMigrations } from '../../src/infra/db/migrator.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import { chainHash } from '../../src/core/audit/audit-digest.ts';
import { say } from './support/harness.ts';
import { CoordinationService } from '../../src/core/coordination/coordination.service.ts';
import { PrismaIncidentStore } from '../../src/infra/incident/prisma-incident-store.ts';

// Incident numbers have no gaps (a register of incidents is read by people who ask about them) and audit seq is
// 1, 2, 3, ...: a rolled-back transaction gives its number back, concurrent registrations queue for the next one.

const numbers = async (db: Database) => (await db.prisma.incident.findMany({ select: { number: true }, orderBy: { number: 'asc' } })).map((r) => r.number);
const seqs = async (db: Database) => (await db.prisma.auditEvent.findMany({ select: { seq: true }, orderBy: { seq: 'asc' } })).map((r) => Number(r.seq));
const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

function newIncident(now: Date): NewIncident {
  return {
    id: randomUUID(), year: 2026, areaId: 'rinkeby', categoryId: 'violence', severity: 2, description: 'rullas tillbaka', sensitiveDetails: null,
    reporterId: 'anna.lind', reporterAgencyId: 'socialtjansten', sourcePlatform: 'memory', requestKey: null, createdAt: now,
    agencies: [{ agencyId: 'polisen', canSeeSensitive: false, deadlineAt: now, nextEscalationAt: now }],
  };
}

describe.each(DATABASE_KINDS)('gapless numbers (%s)', (kind) => {
  let app: TestApp;
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  const register = async (text = 'Rinkeby 2 stenkastning mot buss') => (await say(app, 'anna.lind', `/incident ${text}`)).incident!;
  const rolledBack = async (work: Parameters<TestApp['deps']['incidents']['transaction']>[0]) => {
    await expect(app.deps.incidents.transaction(work)).rejects.toThrow('rolled back on purpose');
  };

  beforeAll(async () => {
    app = await startTestApp(kind, { clock, background: false, wires: [], listen: false });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('a registration that rolls back gives its number back, in its one statement or in a transaction', async () => {
    expect((await register()).ref).toBe('INC-2026-0001');
    // The registration's one statement: the number was read, the core's part failed, the statement never ran.
    await expect(app.deps.incidents.register(newIncident(clock.now()), async () => { throw new Error('rolled back on purpose'); }))
      .rejects.toThrow('rolled back on purpose');
    // An interactive transaction: the insert drew the number under the counter's lock, then rolled back.
    await rolledBack(async (tx) => {
      await tx.create(newIncident(clock.now()));
      await tx.audit([{ at: clock.now(), actorId: 'anna.lind', action: 'test.rolled_back', subjectType: 'incident', subjectId: '-', platform: 'memory' }]);
      throw new Error('rolled back on purpose');
    });
    expect((await register()).ref).toBe('INC-2026-0002');
    // Interactive with a lock first: the same.
    await rolledBack(async (tx) => {
      await tx.lockByNumber(1);
      const created = await tx.create(newIncident(clock.now()));
      expect(created.number).toBe(3);
      await tx.audit([{ at: clock.now(), actorId: 'anna.lind', action: 'test.rolled_back', subjectType: 'incident', subjectId: created.ref, platform: 'memory' }]);
      throw new Error('rolled back on purpose');
    });
    expect((await register()).ref).toBe('INC-2026-0003');
    expect(await numbers(app.db)).toEqual([1, 2, 3]);
  });

  it('concurrent registrations take consecutive numbers, each once', async () => {
    const created = await Promise.all(Array.from({ length: 12 }, (_, i) => register(`Tensta 3 händelse ${i}`)));
    expect(created.map((i) => i.number).sort((a, b) => a - b)).toEqual(oneToN(15).slice(3));
    // What each reporter was told is what was stored.
    const stored = new Map((await app.db.prisma.incident.findMany()).map((i) => [i.id, i.number]));
    expect(created.every((i) => stored.get(i.id) === i.number)).toBe(true);
    expect(await numbers(app.db)).toEqual(oneToN(15));
  });

  it('registrations of two replicas at once (each its own store) lose numbers to each other, retry, and stay gapless', async () => {
    // A second store has its own turns, as another process would: both read the same next number and one loses it.
    const replica = new CoordinationService({ ...app.deps, incidents: new PrismaIncidentStore(app.db) });
    const via = (service: CoordinationService, i: number) => service.handle({
      platform: 'memory', workspace: '', userId: 'anna.lind', requestId: `replica-${i}`, input: { type: 'text', text: `/incident Husby 2 replik ${i}` },
    });
    const outcomes = await Promise.all(Array.from({ length: 16 }, (_, i) => via(i % 2 ? replica : app.service, i)));
    expect(outcomes.every((o) => o.changed)).toBe(true);
    expect(outcomes.map((o) => o.incident!.number).sort((a, b) => a - b)).toEqual(oneToN(31).slice(15));
    const stored = new Map((await app.db.prisma.incident.findMany()).map((i) => [i.id, i.number]));
    expect(outcomes.every((o) => stored.get(o.incident!.id) === o.incident!.number)).toBe(true);
    expect(await numbers(app.db)).toEqual(oneToN(31));
  });

  it('audit seq is 1, 2, 3, ... with no gap for rolled-back writers, and verify finds none', async () => {
    await rolledBack(async (tx) => {
      await tx.lockByNumber(2);
      await tx.audit([{ at: clock.now(), actorId: 'anna.lind', action: 'test.rolled_back', subjectType: 'incident', subjectId: '-', platform: 'memory' }]);
      throw new Error('rolled back on purpose');
    });
    await say(app, 'karin.dahl', 'ack INC-2026-0002');
    const all = await seqs(app.db);
    expect(all.length).toBeGreaterThan(15);
    expect(all).toEqual(oneToN(all.length));
    expect(await verifyAuditChain(app.db)).toEqual({ checked: all.length, firstBreak: null, firstGap: null, gaps: 0 });
  });

  it('verify names a gap in seq: an event removed and the chain recomputed over it', async () => {
    const db = app.db;
    const all = await seqs(db);
    const removed = all[5];
    // What someone with the database's owner rights could do: the append-only triggers are switched off.
    await db.sql.exec('ALTER TABLE audit_event DISABLE TRIGGER USER');
    try {
      await db.sql.query('DELETE FROM audit_event WHERE seq = $1', [removed]);
      const broken = await verifyAuditChain(db);
      expect(broken.firstBreak).toMatchObject({ seq: BigInt(removed + 1), reason: 'broken_link' });
      expect(broken.firstGap).toEqual({ after: BigInt(removed - 1), next: BigInt(removed + 1), missing: 1n });
      const rest = await db.sql.query<{ seq: string; payload_digest: string }>('SELECT seq::text AS seq, payload_digest FROM audit_event WHERE seq >= $1 ORDER BY audit_event.seq', [removed - 1]);
      let prev = (await db.sql.query<{ hash: string }>('SELECT hash FROM audit_event WHERE seq = $1', [removed - 1]))[0].hash;
      for (const row of rest.slice(1)) {
        const hash = chainHash(prev, row.payload_digest);
        await db.sql.query('UPDATE audit_event SET prev_hash = $1, hash = $2 WHERE seq = $3', [prev, hash, row.seq]);
        prev = hash;
      }
    } finally {
      await db.sql.exec('ALTER TABLE audit_event ENABLE TRIGGER USER');
    }
    const report = await verifyAuditChain(db);
    expect(report.firstBreak).toBeNull();
    expect(report.firstGap).toEqual({ after: BigInt(removed - 1), next: BigInt(removed + 1), missing: 1n });
    expect(report.gaps).toBe(1);
  });
});

describe.each(DATABASE_KINDS)('upgrading a database numbered by sequences (%s)', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'samband-gapless-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('continues after the last incident number, and verify accepts the old even seq values', async () => {
    const names = readMigrations().map((m) => m.name);
    const mine = names.indexOf('20261129110000_request_keys_gapless');
    for (const name of names.slice(0, mine)) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
    const db = await createTestDatabase(kind, { migrate: false });
    try {
      await applyMigrations(db, dir);
      // The old way: the number from the column's sequence; each audit event drew two seq values.
      for (let i = 0; i < 3; i += 1) {
        await db.sql.query(`INSERT INTO incident (id, year, area_id, category_id, severity, description, reporter_id, source_platform, created_at)
          VALUES ($1, 2026, 'rinkeby', 'violence', 2, 'gammal', 'anna.lind', 'web', now())`, [randomUUID()]);
        await db.sql.query(`INSERT INTO audit_event (at, actor_id, action, subject_type, subject_id, platform, payload_digest)
          VALUES (now(), 'anna.lind', 'old', 'incident', '-', 'web', 'd${i}')`);
      }
      expect(await seqs(db)).toEqual([2, 4, 6]);
      await applyMigrations(db);
      await db.sql.query(`INSERT INTO incident (id, year, area_id, category_id, severity, description, reporter_id, source_platform, created_at)
        VALUES ($1, 2026, 'rinkeby', 'violence', 2, 'ny', 'anna.lind', 'web', now())`, [randomUUID()]);
      expect(await numbers(db)).toEqual([1, 2, 3, 4]);
      await db.sql.query(`INSERT INTO audit_event (at, actor_id, action, subject_type, subject_id, platform, payload_digest)
        VALUES (now(), 'anna.lind', 'new', 'incident', '-', 'web', 'd3'), (now(), 'anna.lind', 'new', 'incident', '-', 'web', 'd4')`);
      expect(await seqs(db)).toEqual([2, 4, 6, 7, 8]);
      const report = await verifyAuditChain(db);
      expect([report.firstGap, report.gaps]).toEqual([null, 0]);
    } finally {
      await db.destroy();
    }
  });
});
