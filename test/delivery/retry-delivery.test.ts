import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import { MemoryPlatform } from '../../adapters/memory/memory-platform.ts';
import { DeliveryWorker } from '../../src/infra/delivery/delivery-worker.ts';
import { exponentialBackoff } from '../../src/infra/delivery/retry-policy.ts';
import { PlatformError } from '../../src/core/ports/chat-platform.port.ts';
import { systemClock } from '../../src/core/ports/clock.port.ts';
import { auditCounts, countBy, deliveryAttempts, enqueuePlain, notificationStates, waitFor } from './delivery-helpers.ts';

/** A small deterministic PRNG (mulberry32), so a failing run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('a platform that refuses 30% of sends with Retry-After (PostgreSQL)', () => {
  let db: TestDatabase;
  beforeAll(async () => { db = await createTestDatabase('postgres'); });
  afterAll(async () => { await db?.destroy(); });

  it('still delivers everything, records every attempt, and never retries before the platform allows', async () => {
    const random = seeded(20261126);
    let refused = 0;
    const platform = new MemoryPlatform({
      failWith: () => {
        if (random() >= 0.3) return undefined;
        refused += 1;
        return new PlatformError('rate_limited', true, 50 + Math.floor(random() * 151));
      },
    });
    const queued = await enqueuePlain(db, 150);
    const worker = new DeliveryWorker(db, {
      clock: systemClock, platforms: new Map([['memory', platform]]), retry: exponentialBackoff({ baseMs: 20, maxMs: 200 }),
      concurrency: 8, batchSize: 40, pollMs: 10,
    });
    worker.start();
    await waitFor('all delivered', async () => (await notificationStates(db)).every((n) => n.status === 'sent'), 45_000, 50);
    await worker.stop();

    expect(refused).toBeGreaterThan(20);
    const sends = countBy(platform.sent, (m) => m.idempotencyKey);
    expect(queued.every((n) => sends.get(n.idempotencyKey) === 1)).toBe(true);
    expect(platform.sent).toHaveLength(150);

    const attempts = await deliveryAttempts(db);
    expect(attempts).toHaveLength(150 + refused);
    const states = new Map((await notificationStates(db)).map((n) => [n.id, n]));
    let retriedNotifications = 0;
    for (const n of queued) {
      const mine = attempts.filter((a) => a.notification_id === n.id);
      // Every attempt is on record: refusals first, each with the wait asked for, then the one that got through.
      expect(mine.at(-1)!.outcome).toBe('sent');
      expect(mine.slice(0, -1).every((a) => a.outcome === 'retry' && a.retry_after_ms! >= 50 && a.retry_after_ms! <= 200)).toBe(true);
      expect(states.get(n.id)!.attempts).toBe(mine.length);
      if (mine.length > 1) retriedNotifications += 1;
      // The next attempt came no sooner than the platform's Retry-After.
      for (let i = 1; i < mine.length; i++) {
        const waited = mine[i].at.getTime() - mine[i - 1].at.getTime();
        expect(waited, `${n.id} attempt ${i + 1}`).toBeGreaterThanOrEqual(mine[i - 1].retry_after_ms!);
      }
    }
    expect(retriedNotifications).toBeGreaterThan(10);

    const scheduled = await auditCounts(db, 'notification.retry_scheduled');
    expect([...scheduled.values()].reduce((a, b) => a + b, 0)).toBe(refused);
    const delivered = await auditCounts(db, 'notification.delivered');
    expect(queued.every((n) => delivered.get(n.id) === 1)).toBe(true);
    expect((await verifyAuditChain(db)).firstBreak).toBeNull();
  });
});
