import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShiftApp, type ShiftTestApp } from './shift-test-app.ts';
import { DATABASE_KINDS } from '../support/test-database.ts';
import type { CommandOutcome } from '../../src/core/kernel/command-outcome.ts';

// The extension commands that change state (duty on/off, roster admin, handover send/accept, digest subscriptions):
// a second delivery of one request, with its key, writes nothing (no row, no audit event, no message) and says it
// was done before.

// Monday 2026-06-08 in Stockholm (CEST, UTC+2): day 07-15, evening 15-23, night 23-07.
const local = (time: string, date = '2026-06-08') => new Date(`${date}T${time}:00+02:00`);

const TABLES = ['request_key', 'duty_session', 'roster_override', 'roster_assignment', 'handover', 'digest_subscription', 'notification', 'audit_event'];

describe.each(DATABASE_KINDS)('request keys of extension commands (%s)', (kind) => {
  let t: ShiftTestApp;
  const send = (personId: string, input: { type: 'text'; text: string } | { type: 'action'; value: unknown }, requestKey: string): Promise<CommandOutcome> =>
    t.app.service.handle({ platform: 'web', workspace: '', userId: personId, requestId: `t-${randomUUID()}`, requestKey, input });
  const counts = async () => {
    const [row] = await t.app.db.sql.query<Record<string, number>>(`SELECT ${TABLES.map((name) => `(SELECT count(*)::int FROM ${name}) AS ${name}`).join(', ')}`);
    const active = await t.app.db.prisma.digestSubscription.count({ where: { active: true } });
    return { ...row, active };
  };

  /** Runs a request, then its replay: the first changes something, the replay nothing. Returns the replay's reply. */
  async function onceOnly(personId: string, input: { type: 'text'; text: string } | { type: 'action'; value: unknown }, key: string): Promise<string> {
    const first = await send(personId, input, key);
    expect(first.changed, `${key}: ${first.replies[0]?.title}`).toBe(true);
    expect(await t.app.db.prisma.requestKey.count({ where: { key } })).toBe(1);
    const before = await counts();
    const replay = await send(personId, input, key);
    expect(replay.changed).toBe(false);
    expect(await counts()).toEqual(before);
    return replay.replies[0].title;
  }

  beforeAll(async () => {
    t = await startShiftApp(kind, local('14:40'));
  });
  afterAll(async () => { await t?.stop(); });

  it('handover send and accept', async () => {
    // The shift's handover exists: that is what a replay is told, as a colleague sending another one would be.
    expect(await onceOnly('p.day1', { type: 'text', text: '/överlämning Lugnt pass.' }, 'ho-send')).toBe('Passet har redan lämnats över (HO-0001).');
    expect(await t.app.db.prisma.handover.count()).toBe(1);
    t.clock.set(local('15:05'));
    expect(await onceOnly('p.eve1', { type: 'action', value: { action: 'handover.accept', handoverRef: 'HO-0001' } }, 'ho-accept'))
      .toMatch(/HO-0001/);
  });

  it('duty on and off outside the plan', async () => {
    t.clock.set(local('22:00'));
    expect(await onceOnly('p.eve1', { type: 'text', text: '/shift off' }, 'duty-off')).toBe('Den här begäran var redan utförd. Inget ändrat.');
    expect(await onceOnly('s.day1', { type: 'text', text: '/skift på till 23:30' }, 'duty-on')).toBe('Den här begäran var redan utförd. Inget ändrat.');
  });

  it('roster admin: swap, assign, unassign', async () => {
    expect(await onceOnly('lena', { type: 'text', text: '/shift swap polisen-jarva 2026-07-01 natt p.night1 p.day1' }, 'swap')).toBe('Den här begäran var redan utförd. Inget ändrat.');
    expect(await onceOnly('lena', { type: 'text', text: '/shift assign polisen-jarva dag p.desk mon-fri' }, 'assign')).toBe('Den här begäran var redan utförd. Inget ändrat.');
    expect(await onceOnly('lena', { type: 'text', text: '/shift unassign polisen-jarva dag p.desk' }, 'unassign')).toBe('Den här begäran var redan utförd. Inget ändrat.');
  });

  it('digest subscribe and unsubscribe', async () => {
    expect(await onceOnly('john', { type: 'text', text: '/digest subscribe Skärholmen 06:30 en' }, 'subscribe')).toBe('This request was already carried out. Nothing changed.');
    expect(await onceOnly('john', { type: 'text', text: '/digest unsubscribe' }, 'unsubscribe')).toBe('This request was already carried out. Nothing changed.');
  });
});
