import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import { PrismaIncidentStore } from '../../src/infra/incident/prisma-incident-store.ts';
import type { NewIncident } from '../../src/core/incident/incident.port.ts';
import { plainMessage } from '../../src/core/messages/incident-message.ts';
import type { InboundEvent } from '../../src/core/kernel/inbound-event.ts';

/**
 * What a registration writes to the outbox, and that it writes all of it or nothing: a registration is one statement
 * (`IncidentStore.register`), every other change an interactive transaction. Run on PostgreSQL by incident-outbox-writes.test.ts and on PGlite by pglite-delivery.test.ts (which shares
 * its app, as a PGlite start is the slow part). `getApp` gives an app without a running worker.
 */

const TEXT = '/incident Rinkeby 2 stenkastning mot buss';

function register(app: TestApp, requestKey?: string) {
  const event: InboundEvent = { platform: 'web', workspace: '', userId: 'anna.lind', requestId: randomUUID(), requestKey, input: { type: 'text', text: TEXT } };
  return app.service.handle(event);
}

function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  const now = new Date();
  return {
    id: randomUUID(), year: 2026, areaId: 'rinkeby', categoryId: 'violence', severity: 2, description: 'test', sensitiveDetails: null,
    reporterId: 'anna.lind', reporterAgencyId: 'socialtjansten', sourcePlatform: 'web', requestKey: null, createdAt: now,
    agencies: [{ agencyId: 'polisen', canSeeSensitive: true, deadlineAt: now, nextEscalationAt: now }],
    ...overrides,
  };
}

export function outboxWriteCases(getApp: () => TestApp): void {
  it('writes the incident, its agencies, one notification per address and the audit event, together', async () => {
    const outcome = await register(getApp(), randomUUID());
    const incident = outcome.incident!;
    const row = await getApp().db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id }, include: { agencies: true } });
    expect(row.number).toBe(incident.number);
    expect(row.agencies.map((a) => a.agencyId).sort()).toEqual(incident.agencies.map((a) => a.agencyId).sort());
    expect(row.agencies.every((a) => a.state === 'notified' && a.escalationLevel === 0 && a.nextEscalationAt)).toBe(true);
    const notifications = await getApp().db.prisma.notification.findMany({ where: { incidentId: incident.id } });
    expect(notifications).toHaveLength(18);
    expect(notifications.every((n) => n.status === 'pending' && n.kind === 'incident.new' && n.attempts === 0)).toBe(true);
    expect(new Set(notifications.map((n) => (n.message as { incidentRef?: string }).incidentRef))).toEqual(new Set([incident.ref]));
    const events = await getApp().db.prisma.auditEvent.findMany({ where: { subjectId: incident.ref, action: 'incident.registered' } });
    expect(events).toHaveLength(1);
    expect(events[0].after).toMatchObject({ notifications: 18, areaId: 'rinkeby' });
    expect((await verifyAuditChain(getApp().db)).firstBreak).toBeNull();
  });

  it('a request delivered twice, even at the same time, registers one incident', async () => {
    const key = randomUUID();
    const [a, b] = await Promise.all([register(getApp(), key), register(getApp(), key)]);
    expect(a.incident!.id).toBe(b.incident!.id);
    expect([a.changed, b.changed].sort()).toEqual([false, true]);
    const again = await register(getApp(), key);
    expect(again.changed).toBe(false);
    expect(again.incident!.ref).toBe(a.incident!.ref);
    expect(await getApp().db.prisma.incident.count({ where: { requestKey: key } })).toBe(1);
    expect(await getApp().db.prisma.notification.count({ where: { incidentId: a.incident!.id } })).toBe(18);
  });

  it('writes nothing when the work fails, in a registration\'s one statement or in a transaction', async () => {
    const store = new PrismaIncidentStore(getApp().db);
    const before = await getApp().db.prisma.incident.count();
    const registered = newIncident();
    await expect(store.register(registered, async () => { throw new Error('the core failed'); })).rejects.toThrow('the core failed');
    const plain = newIncident();
    await expect(store.transaction(async (tx) => {
      await tx.create(plain);
      await tx.enqueue([{ id: randomUUID(), idempotencyKey: randomUUID(), kind: 'incident.new', incidentId: plain.id, address: { platform: 'web', workspace: '', channel: 'x' }, message: plainMessage('sv', 'info', 'x'), notBefore: new Date() }]);
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    const handedOver = newIncident();
    await expect(store.transaction(async (tx) => {
      const created = await tx.create(handedOver);
      // The incident written before the lock is visible in the same transaction.
      const locked = await tx.lockByNumber(created.number);
      expect(locked?.id).toBe(handedOver.id);
      await tx.audit([{ at: new Date(), actorId: 'test', action: 'test.rolled_back', subjectType: 'incident', subjectId: created.ref, platform: 'system' }]);
      throw new Error('after the hand-over');
    })).rejects.toThrow('after the hand-over');
    expect(await getApp().db.prisma.incident.count()).toBe(before);
    expect(await getApp().db.prisma.notification.count({ where: { incidentId: { in: [registered.id, plain.id, handedOver.id] } } })).toBe(0);
    expect(await getApp().db.prisma.auditEvent.count({ where: { action: 'test.rolled_back' } })).toBe(0);
  });

  it('a transaction keeps what it wrote before and after a change, in one commit', async () => {
    const store = new PrismaIncidentStore(getApp().db);
    const incident = newIncident();
    const ref = await store.transaction(async (tx) => {
      const created = await tx.create(incident);
      expect(await tx.transitionAgency(incident.id, 'polisen', ['notified'], { state: 'acknowledged', acknowledgedBy: 'karin.dahl' })).toBe(true);
      await tx.audit([{ at: new Date(), actorId: 'test', action: 'test.handed_over', subjectType: 'incident', subjectId: created.ref, platform: 'system' }]);
      return created.ref;
    });
    const stored = await store.findByNumber(Number(ref.split('-').at(-1)));
    expect(stored?.agencies.map((a) => [a.agencyId, a.state])).toEqual([['polisen', 'acknowledged']]);
    expect(await getApp().db.prisma.auditEvent.count({ where: { action: 'test.handed_over', subjectId: ref } })).toBe(1);
    expect((await verifyAuditChain(getApp().db)).firstBreak).toBeNull();
  });
}
