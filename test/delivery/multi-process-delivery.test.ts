import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import {
  auditCounts, countBy, deliveryAttempts, enqueuePlain, forkWorker, notificationStates, readRecords, waitFor, type WorkerProcess,
} from './delivery-helpers.ts';

// Several DeliveryWorkers in separate processes on one PostgreSQL database: each claims with FOR UPDATE SKIP LOCKED,
// so every notification goes out once; a killed worker's claims come back when its lease runs out.

let dir: string;
const started: WorkerProcess[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'samband-delivery-'));
});

afterAll(async () => {
  await Promise.all(started.map((w) => w.kill()));
  rmSync(dir, { recursive: true, force: true });
});

function start(options: Parameters<typeof forkWorker>[0]): WorkerProcess {
  const worker = forkWorker(options);
  started.push(worker);
  return worker;
}

describe('two worker processes on one PostgreSQL database', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase('postgres'); });
  afterAll(async () => { await db?.destroy(); });

  it('deliver 500 notifications, each exactly once', async () => {
    const recordFile = join(dir, 'two-workers.log');
    const workers = ['proc-a', 'proc-b'].map((workerId) => start({
      dbUrl: db.url, recordFile, workerId, latencyMs: 5, concurrency: 5, batchSize: 20, pollMs: 20,
    }));
    await Promise.all(workers.map((w) => w.ready));
    const queued = await enqueuePlain(db, 500);

    await waitFor('all 500 sent', async () => (await notificationStates(db)).every((n) => n.status === 'sent'), 60_000, 100);
    expect(await Promise.all(workers.map((w) => w.stop()))).toEqual([0, 0]);

    const keys = queued.map((n) => n.idempotencyKey).sort();
    const records = readRecords(recordFile);
    // Exactly one accepted send per notification, and nothing else.
    expect(records.every((r) => r.kind === 'send')).toBe(true);
    expect(records.map((r) => r.idempotencyKey).sort()).toEqual(keys);
    // Both processes took part, so the claims really competed.
    const perWorker = countBy(records, (r) => r.workerId);
    expect(perWorker.get('proc-a')).toBeGreaterThan(0);
    expect(perWorker.get('proc-b')).toBeGreaterThan(0);

    const states = await notificationStates(db);
    expect(states).toHaveLength(500);
    expect(states.every((n) => n.status === 'sent' && n.attempts === 1 && n.claimed_by === null)).toBe(true);

    const attempts = await deliveryAttempts(db);
    expect(attempts).toHaveLength(500);
    expect(attempts.every((a) => a.outcome === 'sent')).toBe(true);
    expect(new Set(attempts.map((a) => a.notification_id)).size).toBe(500);
    // The attempt names the worker whose platform accepted the message.
    const byKey = new Map(records.map((r) => [r.idempotencyKey, r.workerId]));
    const idToKey = new Map(queued.map((n) => [n.id, n.idempotencyKey]));
    expect(attempts.every((a) => a.worker === byKey.get(idToKey.get(a.notification_id)!))).toBe(true);

    const delivered = await auditCounts(db, 'notification.delivered');
    expect(delivered.size).toBe(500);
    expect(queued.every((n) => delivered.get(n.id) === 1)).toBe(true);
    // Two processes appending outcomes side by side left one unbroken audit chain.
    expect((await verifyAuditChain(db)).firstBreak).toBeNull();
  });
});

describe('a worker killed with SIGKILL in the middle of a batch', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase('postgres'); });
  afterAll(async () => { await db?.destroy(); });

  it('loses nothing: after a restart every notification is sent; a re-send says it may repeat and is audited', async () => {
    const recordFile = join(dir, 'killed.log');
    const leaseMs = 1500;
    const first = start({ dbUrl: db.url, recordFile, workerId: 'proc-doomed', latencyMs: 80, concurrency: 5, batchSize: 25, leaseMs, pollMs: 20 });
    await first.ready;
    const queued = await enqueuePlain(db, 120);

    // Kill once a good part went out, while a batch is certainly under way.
    await waitFor('some sends', () => readRecords(recordFile).length >= 30, 30_000, 10);
    expect(await first.kill()).toBe('SIGKILL');
    const before = readRecords(recordFile);
    const states = await notificationStates(db);
    const inFlight = new Set(states.filter((n) => n.status === 'sending' && n.claimed_by === 'proc-doomed').map((n) => n.idempotency_key));
    expect(inFlight.size).toBeGreaterThan(0);
    expect(states.some((n) => n.status === 'pending')).toBe(true);

    const second = start({ dbUrl: db.url, recordFile, workerId: 'proc-restarted', latencyMs: 5, concurrency: 10, batchSize: 50, leaseMs, pollMs: 20 });
    await second.ready;
    await waitFor('all sent after restart', async () => (await notificationStates(db)).every((n) => n.status === 'sent'), 30_000, 100);
    expect(await second.stop()).toBe(0);

    const records = readRecords(recordFile);
    const sends = countBy(records, (r) => r.idempotencyKey);
    // At least once: every notification reached the platform.
    expect(queued.every((n) => (sends.get(n.idempotencyKey) ?? 0) >= 1)).toBe(true);
    // A duplicate is a notification the killed worker held when it died, re-sent by the new one under the same key
    // and marked as a possible repeat (this platform, like Teams, cannot be asked whether the first got through).
    const duplicates = [...sends].filter(([, n]) => n > 1).map(([key]) => key);
    for (const key of duplicates) {
      expect(inFlight.has(key)).toBe(true);
      expect(sends.get(key)).toBe(2);
      const calls = records.filter((r) => r.idempotencyKey === key);
      expect(calls.map((r) => [r.workerId, r.possibleRepeat])).toEqual([['proc-doomed', false], ['proc-restarted', true]]);
    }
    // Only a row the dead worker held is sent marked; every other send is plain.
    expect(records.filter((r) => r.possibleRepeat).every((r) => inFlight.has(r.idempotencyKey) && r.workerId === 'proc-restarted')).toBe(true);
    expect(records.filter((r) => r.workerId === 'proc-restarted' && inFlight.has(r.idempotencyKey)).every((r) => r.possibleRepeat)).toBe(true);
    // Everything the doomed worker had recorded as sent before dying was not sent again.
    const sentBefore = new Set(before.map((r) => r.idempotencyKey));
    const resentNotInFlight = records.filter((r) => r.workerId === 'proc-restarted' && sentBefore.has(r.idempotencyKey) && !inFlight.has(r.idempotencyKey));
    expect(resentNotInFlight).toEqual([]);

    // One 'sent' attempt and one delivered event per notification; the crashed claims left no outcome behind.
    const attempts = await deliveryAttempts(db);
    const sentAttempts = countBy(attempts.filter((a) => a.outcome === 'sent'), (a) => a.notification_id);
    expect(queued.every((n) => sentAttempts.get(n.id) === 1)).toBe(true);
    // Each re-send of a held row was put on record before it went out: one `resend-unverified` attempt and one
    // possible-duplicate audit event per held row, none for any other.
    const idOf = new Map(queued.map((n) => [n.idempotencyKey, n.id]));
    const heldIds = new Set([...inFlight].map((key) => idOf.get(key)!));
    const unverified = countBy(attempts.filter((a) => a.outcome === 'resend-unverified'), (a) => a.notification_id);
    expect(new Set(unverified.keys())).toEqual(heldIds);
    expect([...unverified.values()].every((n) => n === 1)).toBe(true);
    expect(attempts.every((a) => a.outcome === 'sent' || a.outcome === 'resend-unverified')).toBe(true);
    const possible = await auditCounts(db, 'notification.possible_duplicate');
    expect(new Set(possible.keys())).toEqual(heldIds);
    const delivered = await auditCounts(db, 'notification.delivered');
    expect(queued.every((n) => delivered.get(n.id) === 1)).toBe(true);
    // Re-claimed rows count their second claim as a second attempt.
    const finalStates = await notificationStates(db);
    const reclaimed = finalStates.filter((n) => n.attempts === 2).map((n) => n.idempotency_key);
    expect(new Set(reclaimed)).toEqual(inFlight);
  }, 90_000);
});
