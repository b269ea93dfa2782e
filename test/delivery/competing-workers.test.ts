import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { openDatabase, type Database } from '../../src/infra/db/database.ts';
import { DeliveryWorker } from '../../src/infra/delivery/delivery-worker.ts';
import { exponentialBackoff } from '../../src/infra/delivery/retry-policy.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import { systemClock } from '../../src/core/ports/clock.port.ts';
import type { ChatPlatform } from '../../src/core/ports/chat-platform.port.ts';
import { MemoryPlatform } from '../../adapters/memory/memory-platform.ts';
import {
  auditCounts, countBy, deliveryAttempts, enqueuePlain, notificationStates, waitFor, type RecordedCall,
} from './delivery-helpers.ts';

// Two DeliveryWorkers on one PostgreSQL database, each with its own connections as two replicas have: each claims with
// FOR UPDATE SKIP LOCKED, so every notification goes out once. They compete through the database only (no state is
// shared in this process), so they run here rather than in two processes, which cost seconds of start each. A worker
// killed mid-batch: test/faults/delivery-worker-sigkill.fault.test.ts.

interface RunningWorker {
  worker: DeliveryWorker;
  db: Database;
}

/** A worker on a connection pool of its own, whose memory platform records each accepted send in `records`. */
async function startWorker(url: string, workerId: string, records: RecordedCall[]): Promise<RunningWorker> {
  const db = await openDatabase({ databaseUrl: url, poolSize: 4 });
  const inner = new MemoryPlatform({ latencyMs: 5 });
  const platform: ChatPlatform = {
    name: 'memory',
    async send(address, message, options) {
      const sent = await inner.send(address, message, options);
      records.push({ kind: 'send', idempotencyKey: options.idempotencyKey, workerId, messageId: sent.messageId, possibleRepeat: options.possibleRepeat === true });
      return sent;
    },
    async update(address, messageId, message, options) {
      await inner.update(address, messageId, message, options);
      records.push({ kind: 'update', idempotencyKey: options.idempotencyKey, workerId, messageId, possibleRepeat: false });
    },
  };
  const worker = new DeliveryWorker(db, {
    workerId, clock: systemClock, platforms: new Map([['memory', platform]]), retry: exponentialBackoff({ baseMs: 20, maxMs: 200 }),
    batchSize: 20, concurrency: 5, leaseMs: 60_000, pollMs: 20,
  });
  worker.start();
  return { worker, db };
}

describe('two workers, each with its own connections, on one PostgreSQL database', () => {
  let db: TestDatabase;
  const running: RunningWorker[] = [];
  beforeAll(async () => { db = await createTestDatabase('postgres'); });
  afterAll(async () => {
    for (const { worker, db: own } of running.splice(0)) {
      await worker.stop();
      await own.close();
    }
    await db?.destroy();
  });

  it('deliver 500 notifications, each exactly once', async () => {
    const records: RecordedCall[] = [];
    running.push(...await Promise.all(['worker-a', 'worker-b'].map((id) => startWorker(db.url, id, records))));
    const queued = await enqueuePlain(db, 500);

    await waitFor('all 500 sent', async () => (await notificationStates(db)).every((n) => n.status === 'sent'), 60_000, 100);
    for (const { worker, db: own } of running.splice(0)) {
      await worker.stop();
      await own.close();
    }

    const keys = queued.map((n) => n.idempotencyKey).sort();
    // Exactly one accepted send per notification, and nothing else.
    expect(records.every((r) => r.kind === 'send')).toBe(true);
    expect(records.map((r) => r.idempotencyKey).sort()).toEqual(keys);
    // Both workers took part, so the claims really competed.
    const perWorker = countBy(records, (r) => r.workerId);
    expect(perWorker.get('worker-a')).toBeGreaterThan(0);
    expect(perWorker.get('worker-b')).toBeGreaterThan(0);

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
    // Two workers appending outcomes side by side left one unbroken audit chain.
    expect((await verifyAuditChain(db)).firstBreak).toBeNull();
  });
});
