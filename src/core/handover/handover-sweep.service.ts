import { randomUUID } from 'node:crypto';
import { addMinutes } from 'date-fns';
import type { DirectoryReader } from '../directory/directory.port.ts';
import type { Directory } from '../directory/directory.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { DeliveryWakeup } from '../kernel/core-deps.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import type { AuditEventInput } from '../audit/audit.types.ts';
import { plainMessage } from '../messages/incident-message.ts';
import { formatLocalClock, formatLocalTime } from '../messages/format-time.ts';
import type { Roster, RosterSnapshot } from '../shift/shift.types.ts';
import type { RosterSource } from '../shift/shift.port.ts';
import { instancesBetween } from '../shift/shift-instances.ts';
import { rosteredPeople, sessionsAt } from '../shift/resolve-on-duty.ts';
import type { HandoverStore } from './handover.port.ts';
import { renderHandover, shiftRefLabel } from './handover-message.ts';
import { rosterSupervisors } from './handover-context.ts';
import { ht } from './handover.i18n.ts';

export interface HandoverScheduleDeps {
  directory: DirectoryReader;
  clock: Clock;
  shifts: RosterSource;
  handovers: HandoverStore;
  delivery?: DeliveryWakeup;
}

const notify = (directory: Directory, personIds: string[], key: string, kind: NewNotification['kind'], now: Date, build: (l: 'sv' | 'en') => NewNotification['message']): NewNotification[] =>
  personIds.flatMap((id) => {
    const person = directory.person(id);
    if (!person) return [];
    return directory.addressesOf('person', id).map((address) => ({
      id: randomUUID(), idempotencyKey: `${key}:${address.id}`, kind, personId: id, address, message: build(person.locale), notBefore: now,
    }));
  });

/**
 * Handovers not accepted in time: first a reminder to the incoming shift (with the buttons again), one accept period
 * later the roster's supervisors are told. Each step is one transaction with its audit event; rows are claimed with
 * SKIP LOCKED, so replicas share the work without doing a step twice. Returns the steps taken.
 */
export async function sweepHandovers(deps: HandoverScheduleDeps, batchSize = 50): Promise<number> {
  const directory = await deps.directory.current();
  const snapshot = await deps.shifts.snapshot();
  const now = deps.clock.now();
  const tz = directory.settings.timeZone;
  const steps = await deps.handovers.transaction(async (tx) => {
    const due = await tx.claimDue(now, batchSize);
    const rows: NewNotification[] = [];
    const events: AuditEventInput[] = [];
    for (const handover of due) {
      const roster = snapshot.rosters.find((r) => r.id === handover.rosterId);
      if (!roster) {
        await tx.update(handover.id, { nextCheckAt: null });
        continue;
      }
      const base = { at: now, actorId: 'scheduler', subjectType: 'handover', subjectId: handover.ref, platform: 'system' as const };
      if (!handover.remindedAt && handover.recipientIds.length > 0) {
        const nextCheckAt = addMinutes(now, roster.acceptMinutes);
        await tx.update(handover.id, { remindedAt: now, nextCheckAt });
        rows.push(...notify(directory, handover.recipientIds, `handover:${handover.id}:reminder`, 'ext.handover.reminder', now, (l) => ({
          ...renderHandover(directory, roster, handover, l),
          tone: 'warning',
          title: ht('reminder.title', l, { ref: handover.ref }),
          text: `${ht('reminder.text', l, { roster: roster.name[l], from: shiftRefLabel(roster, handover.from, l), minutes: roster.acceptMinutes })}\n\n${handover.summary}`,
        })));
        events.push({ ...base, action: 'handover.reminded', after: { recipients: handover.recipientIds, nextCheckAt: nextCheckAt.toISOString() } });
        continue;
      }
      const supervisors = rosterSupervisors(directory, roster);
      await tx.update(handover.id, { escalatedAt: now, nextCheckAt: null });
      rows.push(...notify(directory, supervisors.map((p) => p.id), `handover:${handover.id}:escalated`, 'ext.handover.escalated', now, (l) => ({
        ...plainMessage(l, 'warning', ht('escalated.title', l, { ref: handover.ref }), ht('escalated.text', l, {
          roster: roster.name[l], from: shiftRefLabel(roster, handover.from, l), to: shiftRefLabel(roster, handover.to, l),
          people: handover.recipientIds.map((id) => directory.person(id)?.name ?? id).join(', '), due: formatLocalTime(handover.acceptDueAt, tz),
        })),
        audience: 'notification',
      })));
      events.push({ ...base, action: 'handover.escalated', after: { supervisors: supervisors.map((p) => p.id), acceptDueAt: handover.acceptDueAt.toISOString() } });
    }
    await tx.enqueue(rows);
    await tx.audit(events);
    return due.length;
  });
  if (steps > 0) deps.delivery?.wake();
  return steps;
}

/**
 * Reminds the people of each shift, `reminderMinutes` before it ends, to start the handover, unless it has been
 * sent. Once per shift across replicas and restarts (a scheduled-send key); after downtime a reminder still goes out
 * late while the shift runs, never after it ended. Returns how many shifts were reminded.
 */
export async function remindHandoverStart(deps: HandoverScheduleDeps): Promise<number> {
  const directory = await deps.directory.current();
  const snapshot = await deps.shifts.snapshot();
  const now = deps.clock.now();
  const tz = directory.settings.timeZone;
  const due = snapshot.rosters.filter((r) => r.reminderMinutes > 0).flatMap((roster) =>
    instancesBetween(roster, now, addMinutes(now, roster.reminderMinutes), tz)
      .filter((i) => addMinutes(i.end, -roster.reminderMinutes) <= now && now < i.end)
      .map((instance) => ({ roster, instance })));
  if (due.length === 0) return 0;
  const sent = await deps.handovers.findForShifts(due.map((d) => ({ rosterId: d.roster.id, shiftId: d.instance.shift.id, localDate: d.instance.localDate })));
  let reminded = 0;
  for (const { roster, instance } of due) {
    if (sent.some((h) => h.rosterId === roster.id && h.from.shiftId === instance.shift.id && h.from.localDate === instance.localDate)) continue;
    const people = onShift(snapshot, roster, instance, now);
    const key = `handover-start:${roster.id}:${instance.shift.id}:${instance.localDate}`;
    const done = await deps.handovers.transaction(async (tx) => {
      const dueAt = addMinutes(instance.end, -roster.reminderMinutes);
      if (!(await tx.claimScheduled({ key, kind: 'handover.start', subjectId: roster.id, localDate: instance.localDate, dueAt, sentAt: now, late: now.getTime() - dueAt.getTime() > 10 * 60_000 }))) return false;
      const rows = notify(directory, people, key, 'ext.handover.start', now, (l) => ({
        ...plainMessage(l, 'info', ht('start.title', l), ht('start.text', l, { roster: roster.id, shift: instance.shift.name[l], end: formatLocalClock(instance.end, tz) })),
        audience: 'notification',
      }));
      await tx.enqueue(rows);
      await tx.setScheduledCount(key, rows.length);
      await tx.audit([{
        at: now, actorId: 'scheduler', action: 'handover.start_reminded', subjectType: 'roster', subjectId: roster.id,
        after: { shiftId: instance.shift.id, date: instance.localDate, people }, platform: 'system',
      }]);
      return true;
    });
    if (done) reminded += 1;
  }
  if (reminded > 0) deps.delivery?.wake();
  return reminded;
}

function onShift(snapshot: RosterSnapshot, roster: Roster, instance: Parameters<typeof rosteredPeople>[2], now: Date): string[] {
  const off = new Set(sessionsAt(snapshot, now, 'off').map((s) => s.personId));
  return rosteredPeople(snapshot, roster, instance).filter((id) => !off.has(id));
}

