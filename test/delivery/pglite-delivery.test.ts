import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { MemoryPlatform, memoryPlatformAs, type RecordedMessage } from '../../adapters/memory/memory-platform.ts';
import { DeliveryWorker } from '../../src/infra/delivery/delivery-worker.ts';
import { exponentialBackoff } from '../../src/infra/delivery/retry-policy.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { PlatformError, type ChatPlatform } from '../../src/core/ports/chat-platform.port.ts';
import type { InboundEvent } from '../../src/core/kernel/inbound-event.ts';
import type { CommandOutcome } from '../../src/core/kernel/command-outcome.ts';
import { auditCounts, deliveryAttempts, enqueuePlain, notificationStates, waitFor } from './delivery-helpers.ts';
import { outboxWriteCases } from './outbox-write-cases.ts';

// The delivery worker in-process on PGlite, driven through the core: what reaches the platform, and in which order.

let app: TestApp;
const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
let web: MemoryPlatform;
let failNext: (address: { channel: string }) => PlatformError | undefined = () => undefined;
let workers: DeliveryWorker[] = [];

function newWorker(platform: ChatPlatform, options: Partial<ConstructorParameters<typeof DeliveryWorker>[1]> = {}): DeliveryWorker {
  const worker = new DeliveryWorker(app.db, {
    clock, platforms: new Map([[platform.name, platform]]), retry: exponentialBackoff({ baseMs: 20, maxMs: 200 }), pollMs: 10, ...options,
  });
  workers.push(worker);
  return worker;
}

/** Runs passes until nothing is due now. */
async function drain(worker: DeliveryWorker): Promise<void> {
  while ((await worker.runOnce()) > 0) { /* next pass */ }
}

async function say(userId: string, text: string): Promise<CommandOutcome> {
  const event: InboundEvent = { platform: 'web', workspace: '', userId, requestId: `req-${Math.random()}`, input: { type: 'text', text } };
  return app.service.handle(event);
}

beforeAll(async () => {
  web = new MemoryPlatform({ failWith: (_call, address) => failNext(address) });
  app = await startTestApp('pglite', { clock, wires: [], background: false, listen: false });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await app?.stop();
});

describe('one worker on PGlite', () => {
  it('delivers a registered incident to every routed address, once', async () => {
    const outcome = await say('anna.lind', '/incident Rinkeby 2 stenkastning mot buss');
    const incident = outcome.incident!;
    expect(incident.agencies).toHaveLength(6);
    const worker = newWorker(memoryPlatformAs('web', web));
    await drain(worker);

    const rows = await app.db.prisma.notification.findMany({ where: { incidentId: incident.id } });
    expect(rows.length).toBeGreaterThanOrEqual(6 + 2);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.platformMessageId)).toBe(true);
    const sends = web.sent.filter((m) => m.message.incidentRef === incident.ref);
    expect(sends.map((m) => m.idempotencyKey).sort()).toEqual(rows.map((r) => r.idempotencyKey).sort());
    expect(new Set(sends.map((m) => m.address.channel))).toContain('agency:polisen');
    const delivered = await auditCounts(app.db, 'notification.delivered');
    expect(rows.every((r) => delivered.get(r.id) === 1)).toBe(true);
  });

  it('sends an update only after its original, and two updates of one message in the order they were written', async () => {
    web.sent.length = 0;
    const outcome = await say('anna.lind', '/incident Rinkeby 2 stenkastning mot buss');
    const ref = outcome.incident!.ref;
    // The police channel refuses the original twice (retryable), so the updates queue up behind it.
    let refusals = 2;
    failNext = (address) => (address.channel === 'agency:polisen' && refusals-- > 0 ? new PlatformError('busy', true, 30) : undefined);
    const ack = await say('karin.dahl', `ack ${ref}`);
    expect(ack.changed).toBe(true);
    // The second answer carries an earlier time than the first, as when a request read the clock before it waited
    // for the incident's lock: the order of writes, not of clock readings, decides what users see last.
    clock.set(new Date(clock.now().getTime() - 60_000));
    const responding = await say('karin.dahl', `responding ${ref}`);
    expect(responding.changed).toBe(true);
    clock.set(new Date(clock.now().getTime() + 60_000));

    const worker = newWorker(memoryPlatformAs('web', web));
    await drain(worker);
    // The police original is waiting for its retry: its updates are not claimed meanwhile.
    const police = await app.db.prisma.notification.findMany({ where: { channel: 'agency:polisen', incidentId: outcome.incident!.id }, orderBy: { createdAt: 'asc' } });
    const original = police.find((n) => n.kind === 'incident.new')!;
    expect(original.status).toBe('pending');
    expect(police.filter((n) => n.kind === 'incident.update').map((n) => [n.status, n.attempts])).toEqual([['pending', 0], ['pending', 0]]);
    expect(web.sent.filter((m) => m.address.channel === 'agency:polisen' && m.message.incidentRef === ref)).toEqual([]);

    for (let i = 0; i < 2; i++) {
      clock.set(new Date(clock.now().getTime() + 1000));
      await drain(worker);
    }
    const states = await notificationStates(app.db);
    expect(states.filter((n) => n.status !== 'sent')).toEqual([]);

    const channels = new Set(web.sent.filter((m) => m.message.incidentRef === ref && m.kind === 'send' && m.message.facts.length > 0).map((m) => m.address.channel));
    for (const channel of channels) {
      const calls = web.sent.filter((m) => m.address.channel === channel && m.message.incidentRef === ref && m.message.facts.length > 0);
      const [first, ...updates] = calls;
      expect(first.kind, channel).toBe('send');
      expect(updates.map((u) => u.kind), channel).toEqual(['update', 'update']);
      expect(updates.every((u) => u.messageId === first.messageId), channel).toBe(true);
      expect(updates.map((u) => policeState(u)), channel).toEqual(['acknowledged', 'responding']);
    }
    expect(channels.has('agency:polisen')).toBe(true);
    // The refused attempts are on record, each with the wait the platform asked for.
    const attempts = (await deliveryAttempts(app.db)).filter((a) => a.notification_id === original.id);
    expect(attempts.map((a) => [a.outcome, a.retry_after_ms])).toEqual([['retry', 30], ['retry', 30], ['sent', null]]);
    failNext = () => undefined;
  });

  it('marks a notification dead on a permanent error, with a notification.failed event', async () => {
    const platform = new MemoryPlatform({ failWith: () => new PlatformError('channel_not_found', false) });
    const [queued] = await enqueuePlain(app.db, 1, clock.now());
    await drain(newWorker(platform));
    const row = await app.db.prisma.notification.findUniqueOrThrow({ where: { id: queued.id } });
    expect(row).toMatchObject({ status: 'dead', attempts: 1, lastError: 'channel_not_found', claimedBy: null });
    expect((await auditCounts(app.db, 'notification.failed')).get(queued.id)).toBe(1);
    expect((await auditCounts(app.db, 'notification.delivered')).get(queued.id)).toBeUndefined();
    const attempts = (await deliveryAttempts(app.db)).filter((a) => a.notification_id === queued.id);
    expect(attempts.map((a) => a.outcome)).toEqual(['dead']);
  });

  it('stops gracefully: the send under way is recorded, claims not started are released', async () => {
    const slow = new MemoryPlatform({ latencyMs: 150 });
    const queued = await enqueuePlain(app.db, 6, clock.now());
    const ids = new Set(queued.map((n) => n.id));
    const worker = newWorker(slow, { concurrency: 1, batchSize: 10 });
    worker.start();
    await waitFor('a send under way', async () => (await notificationStates(app.db)).some((n) => ids.has(n.id) && n.status === 'sending'), 10_000, 5);
    await worker.stop();

    const rows = (await notificationStates(app.db)).filter((n) => ids.has(n.id));
    const sent = rows.filter((n) => n.status === 'sent');
    expect(sent).toHaveLength(slow.sent.length);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.length).toBeLessThan(6);
    const rest = rows.filter((n) => n.status !== 'sent');
    expect(rest.every((n) => n.status === 'pending' && n.claimed_by === null && n.attempts === 0)).toBe(true);
    // Nothing released was half-done: no attempt on record for it.
    const attempted = new Set((await deliveryAttempts(app.db)).map((a) => a.notification_id));
    expect(rest.some((n) => attempted.has(n.id))).toBe(false);
    // Another worker takes them at once.
    await drain(newWorker(slow, { concurrency: 6 }));
    expect((await notificationStates(app.db)).filter((n) => ids.has(n.id)).every((n) => n.status === 'sent')).toBe(true);
    expect(slow.sent).toHaveLength(6);
  });
});

// Last, as these leave registrations undelivered.
describe('registration writes on pglite', () => {
  outboxWriteCases(() => app);
});

/** The police's state as a message shows it ("Polismyndigheten: Kvitterad 10:00"). */
function policeState(message: RecordedMessage): string {
  const line = message.message.facts.flatMap((f) => f.value.split('\n')).find((l) => l.startsWith('Polismyndigheten') || l.startsWith('Swedish Police'));
  if (!line) return 'missing';
  if (/Kvitterad|Acknowledged/.test(line)) return 'acknowledged';
  if (/På väg|Responding/.test(line)) return 'responding';
  return line;
}
