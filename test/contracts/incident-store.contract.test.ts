import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentStore, NewIncident } from '../../src/core/incident/incident.port.ts';
import type { NewNotification } from '../../src/core/notification/notification.types.ts';
import { loadConfigFile } from '../../src/infra/config/load-config-file.ts';
import { loadConfigIntoDatabase } from '../../src/infra/config/load-config-into-database.ts';
import { escalationPolicy } from '../../src/core/escalation/escalation-policy.ts';
import { PrismaIncidentStore } from '../../src/infra/incident/prisma-incident-store.ts';
import { CITY_CONFIG } from '../support/fixtures.ts';
import { MemoryIncidentStore } from '../support/memory/memory-incident-store.ts';
import { createTestDatabase, DATABASE_KINDS } from '../support/test-database.ts';

// The incident store contract: the same cases on the in-memory store core tests may use and on the Prisma store over
// PGlite and PostgreSQL. Each case makes its own incidents and looks only at them.

const T0 = new Date('2026-11-26T09:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

const subjects: Record<string, () => Promise<{ store: IncidentStore; close(): Promise<void> }>> = {
  memory: async () => ({ store: new MemoryIncidentStore(), close: async () => undefined }),
  ...Object.fromEntries(DATABASE_KINDS.map((kind) => [kind, async () => {
    const db = await createTestDatabase(kind);
    // Incidents name configured areas, categories, people and agencies.
    const loaded = await loadConfigFile(CITY_CONFIG);
    if (!loaded.ok) throw new Error('the city fixture does not load');
    await loadConfigIntoDatabase(db, loaded.config, { digest: loaded.digest, source: 'contract', now: T0 });
    return { store: new PrismaIncidentStore(db), close: () => db.destroy() };
  }])),
};

function newIncident(overrides: Partial<NewIncident> = {}): NewIncident {
  return {
    id: randomUUID(), year: 2026, areaId: 'rinkeby', categoryId: 'violence', severity: 2, description: 'stenkastning mot buss',
    sensitiveDetails: null, reporterId: 'anna.lind', reporterAgencyId: 'socialtjansten', sourcePlatform: 'memory', requestKey: null, createdAt: T0,
    agencies: [
      { agencyId: 'socialtjansten', canSeeSensitive: true, sensitiveBasis: 'basis', deadlineAt: minutes(60), nextEscalationAt: minutes(60) },
      { agencyId: 'polisen', canSeeSensitive: true, sensitiveBasis: 'basis', deadlineAt: minutes(30), nextEscalationAt: minutes(30) },
    ],
    ...overrides,
  };
}

function notification(incidentId: string, overrides: Partial<NewNotification> = {}): NewNotification {
  return {
    id: randomUUID(), idempotencyKey: randomUUID(), kind: 'incident.new', incidentId, agencyId: 'polisen',
    address: { platform: 'web', workspace: '', channel: 'agency:polisen' },
    message: { locale: 'sv', tone: 'info', title: 'Ny händelse', facts: [], actions: [], fallback: 'Ny händelse' },
    notBefore: T0, ...overrides,
  };
}

describe.each(Object.keys(subjects))('the incident store (%s)', (kind) => {
  let store: IncidentStore;
  let close: () => Promise<void>;
  beforeAll(async () => { ({ store, close } = await subjects[kind]()); });
  afterAll(async () => { await close?.(); });

  const register = (overrides: Partial<NewIncident> = {}) => store.transaction((tx) => tx.create(newIncident(overrides)));

  it('numbers incidents one after the other and reads back what it stored, every agency notified', async () => {
    const first = await register();
    const second = await register({ areaId: 'tensta' });
    expect(second.number).toBe(first.number + 1);
    expect(second.ref).toBe(`INC-2026-${String(second.number).padStart(4, '0')}`);
    const read = await store.findByNumber(first.number);
    expect(read).toMatchObject({ id: first.id, areaId: 'rinkeby', status: 'open', closedAt: null, reporterId: 'anna.lind' });
    expect(read!.agencies.map((a) => [a.agencyId, a.state, a.escalationLevel])).toEqual([['polisen', 'notified', 0], ['socialtjansten', 'notified', 0]]);
    expect(read!.agencies[0].deadlineAt).toEqual(minutes(30));
    expect(await store.findByNumber(second.number + 1000)).toBeNull();
  });

  it('a transaction that fails leaves nothing, and its number goes to the next incident', async () => {
    const before = await register();
    await expect(store.transaction(async (tx) => {
      await tx.create(newIncident());
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await store.findByNumber(before.number + 1)).toBeNull();
    expect((await register()).number).toBe(before.number + 1);
  });

  it('finds an incident by its request key, refuses a second one with the key, and claims a key once', async () => {
    const key = `key-${randomUUID()}`;
    const created = await register({ requestKey: key });
    expect((await store.transaction((tx) => tx.findByRequestKey(key)))?.id).toBe(created.id);
    expect(await store.transaction((tx) => tx.findByRequestKey(`other-${key}`))).toBeNull();
    await expect(register({ requestKey: key })).rejects.toMatchObject({ name: 'DuplicateRequestKeyError', requestKey: key });
    const claim = { key: `claim-${key}`, kind: 'incident.note', subject: created.ref, at: T0 };
    expect(await store.transaction((tx) => tx.claimRequestKey(claim))).toBe(true);
    expect(await store.transaction((tx) => tx.claimRequestKey(claim))).toBe(false);
  });

  it('moves an agency\'s part only from the states given, and the status only from the one given', async () => {
    const incident = await register();
    const ack = { state: 'acknowledged' as const, acknowledgedAt: minutes(5), acknowledgedBy: 'per.polis', nextEscalationAt: null };
    expect(await store.transaction((tx) => tx.transitionAgency(incident.id, 'polisen', ['notified'], ack))).toBe(true);
    expect(await store.transaction((tx) => tx.transitionAgency(incident.id, 'polisen', ['notified'], ack))).toBe(false);
    expect(await store.transaction((tx) => tx.setStatus(incident.id, 'open', 'closed', minutes(10)))).toBe(true);
    expect(await store.transaction((tx) => tx.setStatus(incident.id, 'open', 'closed', minutes(11)))).toBe(false);
    const read = (await store.findByNumber(incident.number))!;
    expect(read).toMatchObject({ status: 'closed', closedAt: minutes(10) });
    expect(read.agencies.find((a) => a.agencyId === 'polisen')).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'per.polis', nextEscalationAt: null });
    expect(read.agencies.find((a) => a.agencyId === 'socialtjansten')).toMatchObject({ state: 'notified' });
  });

  it('puts a legal hold once and releases it once', async () => {
    const incident = await register();
    expect(await store.transaction((tx) => tx.setHold(incident.id, { at: minutes(1), by: 'admin' }))).toBe(true);
    expect(await store.transaction((tx) => tx.setHold(incident.id, { at: minutes(2), by: 'admin' }))).toBe(false);
    expect((await store.findByNumber(incident.number))!.heldAt).toEqual(minutes(1));
    expect(await store.transaction((tx) => tx.setHold(incident.id, null))).toBe(true);
    expect(await store.transaction((tx) => tx.setHold(incident.id, null))).toBe(false);
  });

  it('sets, changes and clears the lead agency, and reads the latest situation report with the incident', async () => {
    const incident = await register();
    expect(incident).toMatchObject({ leadAgencyId: null, latestReport: null });
    await store.transaction((tx) => tx.setLeadAgency(incident.id, 'polisen'));
    expect((await store.findByNumber(incident.number))!.leadAgencyId).toBe('polisen');
    const report = (at: Date, situation: string) => ({
      id: randomUUID(), agencyId: 'polisen', authorId: 'per.polis', situation, actions: 'patrull', needs: '', createdAt: at,
    });
    const later = report(minutes(5), 'senare');
    await store.transaction(async (tx) => {
      await tx.addSituationReport(incident.id, report(minutes(1), 'först'));
      await tx.addSituationReport(incident.id, later);
      // Read back in the same transaction: the latest is there already.
      expect((await tx.lockByNumber(incident.number))!.latestReport).toEqual(later);
    });
    const read = (await store.findByNumber(incident.number))!;
    expect(read.latestReport).toEqual(later);
    await store.transaction((tx) => tx.setLeadAgency(incident.id, 'socialtjansten'));
    expect((await store.findByNumber(incident.number))!).toMatchObject({ leadAgencyId: 'socialtjansten', latestReport: later });
    await store.transaction((tx) => tx.setLeadAgency(incident.id, null));
    expect((await store.findByNumber(incident.number))!.leadAgencyId).toBeNull();
  });

  it('keeps notes in time order and queued notifications by kind, updates after what they update', async () => {
    const incident = await register();
    await store.transaction(async (tx) => {
      await tx.addNote(incident.id, { id: randomUUID(), authorId: 'anna.lind', text: 'andra', createdAt: minutes(2) });
      await tx.addNote(incident.id, { id: randomUUID(), authorId: 'anna.lind', text: 'första', createdAt: minutes(1) });
    });
    expect((await store.notes(incident.id)).map((n) => n.text)).toEqual(['första', 'andra']);

    const original = notification(incident.id);
    await store.transaction((tx) => tx.enqueue([original, notification(incident.id, { kind: 'incident.followup', threadOfId: original.id, notBefore: minutes(1) })]));
    // An update written with an earlier clock than the update before it (its clock was read before it waited for the
    // incident's lock) is still queued after it: the state shown last is the state written last.
    const first = notification(incident.id, { kind: 'incident.update', updatesId: original.id, notBefore: minutes(3) });
    const second = notification(incident.id, { kind: 'incident.update', updatesId: original.id, notBefore: minutes(2) });
    await store.transaction((tx) => tx.enqueue([first]));
    await store.transaction((tx) => tx.enqueue([second]));
    expect((await store.transaction((tx) => tx.notificationsOf(incident.id, ['incident.update']))).map((q) => q.id)).toEqual([first.id, second.id]);
    const queued = await store.transaction((tx) => tx.notificationsOf(incident.id, ['incident.new', 'incident.update']));
    expect(queued.map((q) => q.kind)).toEqual(['incident.new', 'incident.update', 'incident.update']);
    expect(queued[0]).toEqual({
      id: original.id, kind: 'incident.new', agencyId: 'polisen', personId: null, address: { platform: 'web', workspace: '', channel: 'agency:polisen', user: null },
    });
  });

  it('lists newest first, by status and area, and claims due escalations of open incidents oldest deadline first', async () => {
    const area = 'husby';
    const a = await register({ areaId: area, agencies: [{ agencyId: 'polisen', canSeeSensitive: false, sensitiveBasis: null, deadlineAt: minutes(20), nextEscalationAt: minutes(-600) }] });
    const b = await register({ areaId: area, agencies: [{ agencyId: 'polisen', canSeeSensitive: false, sensitiveBasis: null, deadlineAt: minutes(10), nextEscalationAt: minutes(-700) }] });
    const closed = await register({ areaId: area, agencies: [{ agencyId: 'polisen', canSeeSensitive: false, sensitiveBasis: null, deadlineAt: minutes(10), nextEscalationAt: minutes(-800) }] });
    await store.transaction((tx) => tx.setStatus(closed.id, 'open', 'closed', T0));
    expect((await store.list({ areaIds: [area] })).map((i) => i.id)).toEqual([closed.id, b.id, a.id]);
    expect((await store.list({ areaIds: [area], status: 'open', limit: 1 })).map((i) => i.id)).toEqual([b.id]);

    // Earlier cases left parts due too (their deadlines are in this case's past): only this case's are looked at.
    const mine = new Set([a.id, b.id, closed.id]);
    const due = await store.transaction((tx) => tx.claimDueEscalations(escalationPolicy.due(minutes(-500)), 100));
    expect(due.filter((d) => mine.has(d.incident.id)).map((d) => [d.incident.id, d.part.agencyId])).toEqual([[b.id, 'polisen'], [a.id, 'polisen']]);
    expect(await store.transaction((tx) => tx.claimDueEscalations(escalationPolicy.due(minutes(-1000)), 100))).toEqual([]);
  });
});
