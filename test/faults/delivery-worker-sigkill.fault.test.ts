import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import {
  auditCounts, countBy, deliveryAttempts, enqueuePlain, forkWorker, notificationStates, readRecords, waitFor, type WorkerProcess,
} from '../delivery/delivery-helpers.ts';

// A DeliveryWorker in a process of its own killed with SIGKILL mid-batch on PostgreSQL, then a new one: its claims come
// back when their lease runs out, and what may repeat is marked and audited. (Two workers competing for one outbox:
// test/delivery/competing-workers.test.ts, in the main suite.)

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
