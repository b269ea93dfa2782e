import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/cli/compose-app.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import { openDatabase } from '../../src/infra/db/database.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { memoryPlatformAs } from '../../adapters/memory/memory-platform.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { SHIFTS_CONFIG } from '../shift/shift-test-app.ts';

// A scheduled weekly pack rides on the digests' subscriptions and exactly-once record: two replicas on one PostgreSQL
// database, each with its own clock and scheduler, send it once per week, late after downtime, never after unsubscribing.

interface Replica {
  app: App;
  clock: ManualClock;
  close(): Promise<void>;
}

async function replica(testDb: TestDatabase, at: Date): Promise<Replica> {
  const db = await openDatabase({ databaseUrl: testDb.url, poolSize: 6 });
  const clock = new ManualClock(at);
  const env = readEnv({ PORT: '0', HOST: '127.0.0.1', SAMBAND_LOG_LEVEL: 'error', SAMBAND_CONFIG: SHIFTS_CONFIG, SAMBAND_PUBLIC_URL: 'https://samband.example.org' });
  const app = await composeApp({ env, db, clock, platforms: [memoryPlatformAs('web')], wires: [], background: false, logger: silentLogger });
  return {
    app, clock,
    async close() {
      await app.close();
      await db.close();
    },
  };
}

const run = (r: Replica) => r.app.jobs.find((j) => j.name === 'pack.send')!.runOnce();
let n = 0;
const say = async (r: Replica, personId: string, text: string) => {
  const outcome = await r.app.service.handle({ platform: 'web', workspace: '', userId: personId, requestId: `pack-${++n}`, input: { type: 'text', text } });
  return Object.assign(outcome.replies[0], { changed: outcome.changed });
};

describe('scheduled weekly pack with two replicas on PostgreSQL', () => {
  let testDb: TestDatabase;
  let a: Replica;
  let b: Replica;
  const both = (at: string) => {
    a.clock.set(new Date(at));
    b.clock.set(new Date(at));
  };
  const packs = () => testDb.prisma.notification.findMany({ where: { kind: 'pack.scheduled' }, orderBy: { createdAt: 'asc' } });

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    const start = new Date('2026-11-18T09:00:00+01:00');
    [a, b] = [await replica(testDb, start), await replica(testDb, start)];
    // One incident in week 47, so the pack has something to say.
    expect((await say(a, 'anna', '/incident Rinkeby 3 stök vid torget')).tone).toBe('success');
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await testDb?.destroy();
  });

  it('subscribes by command, stored beside the digests but listed apart', async () => {
    const reply = await say(a, 'maria', 'pack subscribe Järva måndag 08:00');
    expect(reply).toMatchObject({ tone: 'success', changed: true });
    expect(reply.title).toMatch(/^Veckopaketet för Järva skickas till dig varje mån kl\. 08:00 \(sv\), om veckan innan\. Id: pack-[0-9a-f]{8}\.$/);
    expect(await testDb.prisma.digestSubscription.findMany({ where: { kind: 'pack' }, select: { personId: true, areaIds: true, weekday: true, localTime: true, active: true } }))
      .toEqual([{ personId: 'maria', areaIds: ['jarva'], weekday: 1, localTime: '08:00', active: true }]);
    expect(await testDb.prisma.auditEvent.count({ where: { action: 'pack.subscribed', actorId: 'maria' } })).toBe(1);
    expect((await say(b, 'maria', 'pack subscriptions')).facts.map((f) => f.value)).toEqual(['Järva · mån 08:00 · sv']);
    // Her configured daily digest is listed by `digest subscriptions`, the pack is not.
    expect((await say(b, 'maria', 'digest subscriptions')).facts.map((f) => f.value)).toEqual(['Järva · 07:00 · sv']);
    expect(await say(b, 'anna', 'pack subscribe Rinkeby fre 08:00')).toMatchObject({ tone: 'error', changed: false });
    expect((await say(b, 'maria', 'pack subscribe Järva 08:00')).title).toBe('Ange en veckodag och en tid, t.ex. pack subscribe Järva mån 08:00.');
  });

  it('sends the pack once when both replicas run at the send time, and not again', async () => {
    both('2026-11-23T07:59:00+01:00');
    expect(await Promise.all([run(a), run(b)])).toEqual([0, 0]);
    both('2026-11-23T08:01:00+01:00');
    const passes = await Promise.all([run(a), run(b)]);
    expect(passes[0] + passes[1]).toBe(1);
    expect(await Promise.all([run(a), run(b)])).toEqual([0, 0]);
    const sent = await packs();
    expect(sent).toHaveLength(1);
    const message = sent[0].message as unknown as OutboundMessage;
    expect(sent[0].personId).toBe('maria');
    expect(message.title).toBe('Veckopaket Järva, vecka 2026-W47');
    expect(message.text).toContain('1 nya händelser');
    expect(message.text).toContain('https://samband.example.org/supervisor/pack?area=jarva&week=2026-W47');
    expect(await testDb.prisma.scheduledSend.findMany({ where: { kind: 'pack' }, select: { localDate: true, late: true, notifications: true } }))
      .toEqual([{ localDate: new Date('2026-11-16T00:00:00Z'), late: false, notifications: 1 }]);
    expect(await testDb.prisma.auditEvent.count({ where: { action: 'pack.sent' } })).toBe(1);
    // The pack names the open incident: a summary disclosure to maria.
    expect(await testDb.prisma.accessLog.count({ where: { personId: 'maria', surface: 'digest', requestId: 'pack jarva 2026-W47' } })).toBe(1);
  });

  it('catches up a send missed while both were down, marked late, once', async () => {
    both('2026-11-30T11:00:00+01:00');
    const passes = await Promise.all([run(a), run(b)]);
    expect(passes[0] + passes[1]).toBe(1);
    const sent = await packs();
    expect(sent).toHaveLength(2);
    expect((sent[1].message as unknown as OutboundMessage).title).toBe('Veckopaket Järva, vecka 2026-W48 (försenat)');
    expect(await testDb.prisma.scheduledSend.count({ where: { kind: 'pack', late: true } })).toBe(1);
  });

  it('sends nothing more after `pack unsubscribe`, and leaves the digests alone', async () => {
    const digestsBefore = await testDb.prisma.digestSubscription.count({ where: { kind: 'digest', active: true } });
    expect(await say(a, 'maria', 'pack unsubscribe')).toMatchObject({ tone: 'success', changed: true });
    expect(await testDb.prisma.digestSubscription.count({ where: { kind: 'digest', active: true } })).toBe(digestsBefore);
    both('2026-12-07T08:05:00+01:00');
    expect(await Promise.all([run(a), run(b)])).toEqual([0, 0]);
    expect(await packs()).toHaveLength(2);
  });
});
