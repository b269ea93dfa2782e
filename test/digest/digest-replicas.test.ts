import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/cli/compose-app.ts';
import type { IntervalJob } from '../../src/infra/schedule/interval-job.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import { openDatabase } from '../../src/infra/db/database.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { memoryPlatformAs } from '../../adapters/memory/memory-platform.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SHIFTS_CONFIG } from '../shift/shift-test-app.ts';

interface Replica {
  app: App;
  clock: ManualClock;
  jobs: IntervalJob[];
  close(): Promise<void>;
}

/** One Samband replica on the shared PostgreSQL database: its own connections, clock and scheduler. */
async function replica(testDb: TestDatabase, at: Date): Promise<Replica> {
  const db = await openDatabase({ databaseUrl: testDb.url, poolSize: 6 });
  const clock = new ManualClock(at);
  const env = readEnv({ PORT: '0', HOST: '127.0.0.1', SAMBAND_LOG_LEVEL: 'error', SAMBAND_CONFIG: SHIFTS_CONFIG });
  const app = await composeApp({ env, db, clock, platforms: [memoryPlatformAs('web')], wires: [], background: false, logger: silentLogger });
  let closed = false;
  return {
    app, clock, jobs: app.jobs,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await db.close();
    },
  };
}

const run = (r: Replica, name: string) => r.jobs.find((j) => j.name === name)!.runOnce();

describe('exactly-once scheduled sends with replicas on PostgreSQL', () => {
  let testDb: TestDatabase;
  let a: Replica;
  let b: Replica;
  let c: Replica | undefined;
  const start = new Date('2026-10-24T10:00:00+02:00');

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    [a, b] = [await replica(testDb, start), await replica(testDb, start)];
    // 24 subscriptions made by command (plus the configured one), spread over both replicas.
    for (let i = 0; i < 12; i += 1) {
      for (const [r, person] of [[a, 'john'], [b, 'lena']] as const) {
        const outcome = await r.app.service.handle({
          platform: 'web', workspace: '', userId: person, requestId: `sub-${person}-${i}`,
          input: { type: 'text', text: `/digest subscribe ${i % 2 ? 'Rinkeby' : 'Skärholmen'} 07:00` },
        });
        expect(outcome.changed).toBe(true);
      }
    }
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await c?.close();
    await testDb?.destroy();
  });

  const count = async (where: object) => testDb.prisma.notification.count({ where: { kind: 'ext.digest', ...where } });

  it('sends each subscription\'s digest once when both replicas run at the same moment', async () => {
    // 2026-10-25 is the 25-hour day; the digests of the 24th go out on its morning.
    const morning = new Date('2026-10-25T07:01:00+01:00');
    a.clock.set(morning);
    b.clock.set(morning);
    const passes = await Promise.all([run(a, 'digest.send'), run(b, 'digest.send')]);
    const again = await Promise.all([run(a, 'digest.send'), run(b, 'digest.send')]);
    expect(passes[0] + passes[1]).toBe(25);
    expect(again).toEqual([0, 0]);
    expect(await count({})).toBe(25);
    expect(await testDb.prisma.scheduledSend.count({ where: { kind: 'digest' } })).toBe(25);
    expect(await testDb.prisma.auditEvent.count({ where: { action: 'digest.sent' } })).toBe(25);
    const keys = await testDb.prisma.notification.findMany({ where: { kind: 'ext.digest' }, select: { idempotencyKey: true } });
    expect(new Set(keys.map((k) => k.idempotencyKey)).size).toBe(25);
  });

  it('does not resend after a restart, and catches up a missed day late', async () => {
    await b.close();
    // Replica b is down for a day; a third replica comes up the morning after next, alongside a.
    c = await replica(testDb, new Date('2026-10-27T07:02:00+01:00'));
    a.clock.set(new Date('2026-10-27T07:02:00+01:00'));
    const passes = await Promise.all([run(a, 'digest.send'), run(c!, 'digest.send')]);
    // The 25th (due the 26th, missed: late) and the 26th (due today) for every subscription.
    expect(passes[0] + passes[1]).toBe(50);
    expect(await count({})).toBe(75);
    const late = await testDb.prisma.scheduledSend.groupBy({ by: ['localDate', 'late'], where: { kind: 'digest' }, _count: true, orderBy: { localDate: 'asc' } });
    expect(late.map((g) => [g.localDate.toISOString().slice(0, 10), g.late, g._count])).toEqual([
      ['2026-10-24', false, 25], ['2026-10-25', true, 25], ['2026-10-26', false, 25],
    ]);
    expect(await Promise.all([run(a, 'digest.send'), run(c, 'digest.send')])).toEqual([0, 0]);
    await c.close();
    c = undefined;
    b = await replica(testDb, new Date('2026-10-27T07:30:00+01:00'));
    expect(await run(b, 'digest.send')).toBe(0);
  });

  it('reminds each shift to hand over once, whichever replica runs first', async () => {
    const beforeEnd = new Date('2026-10-27T14:35:00+01:00');
    a.clock.set(beforeEnd);
    b.clock.set(beforeEnd);
    const passes = await Promise.all([run(a, 'handover.sweep'), run(b, 'handover.sweep')]);
    expect(passes[0] + passes[1]).toBe(1);
    expect(await Promise.all([run(a, 'handover.sweep'), run(b, 'handover.sweep')])).toEqual([0, 0]);
    expect(await testDb.prisma.notification.count({ where: { kind: 'ext.handover.start' } })).toBe(2);
  });
});
