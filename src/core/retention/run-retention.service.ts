import { randomUUID } from 'node:crypto';
import type { DirectoryReader } from '../directory/directory.port.ts';
import type { Directory } from '../directory/directory.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { DeliveryWakeup } from '../kernel/core-deps.ts';
import type { Incident } from '../incident/incident.types.ts';
import type { OutboundMessage } from '../messages/outbound.types.ts';
import type { NewNotification, QueuedNotification } from '../notification/notification.types.ts';
import type { Locale } from '../shared/platform.types.ts';
import { t } from '../messages/i18n.ts';
import type { RetentionStore } from './retention.port.ts';
import { daysMs, erasureDueAt, retentionDaysFor, shortestPeriodDays, type RetentionPolicy } from './retention-policy.ts';

export interface RetentionDeps {
  store: RetentionStore;
  directory: DirectoryReader;
  clock: Clock;
  delivery?: DeliveryWakeup;
}

export interface RetentionRunOptions {
  /** List what is due, change nothing. */
  dryRun?: boolean;
  /** Who runs it, for the audit trail: `retention` (the scheduled job) or the CLI. */
  actorId?: string;
  platform?: 'system' | 'cli';
  /** Most incidents looked at in one run (the job comes back for the rest). */
  limit?: number;
}

/** One incident past its retention period. */
export interface RetentionItem {
  ref: string;
  closedAt: Date;
  retentionDays: number;
  dueAt: Date;
  /** On legal hold: listed, left alone. */
  held: boolean;
}

export interface RetentionReport {
  /** Incidents past their period, held ones included, oldest due first. */
  due: RetentionItem[];
  /** How many were erased (0 on a dry run). */
  erased: number;
}

/**
 * Erases the free text and personal data of closed incidents past their retention period, leaving held incidents
 * alone. Each erasure is one transaction: the incident's rows are cleaned, each message Samband posted about it is
 * queued for replacement by a short "removed under the retention rules" version (through the outbox, like any
 * update), and an `incident.erased` audit event (counts only) is appended. Safe to run again and on several replicas:
 * each incident is re-read under its lock and skipped when it was erased or held meanwhile.
 */
export async function runRetention(deps: RetentionDeps, policy: RetentionPolicy, options: RetentionRunOptions = {}): Promise<RetentionReport> {
  const shortest = shortestPeriodDays(policy);
  if (shortest === null) return { due: [], erased: 0 };
  const now = deps.clock.now();
  const candidates = await deps.store.closedBy(new Date(now.getTime() - daysMs(shortest)), options.limit ?? 500);
  const due = candidates.flatMap((incident): Array<RetentionItem & { id: string }> => {
    const dueAt = erasureDueAt(policy, incident);
    if (!dueAt || dueAt > now) return [];
    return [{ id: incident.id, ref: incident.ref, closedAt: incident.closedAt!, retentionDays: retentionDaysFor(policy, incident)!, dueAt, held: !!incident.heldAt }];
  }).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const report = due.map(({ id: _id, ...item }) => item);
  if (options.dryRun) return { due: report, erased: 0 };

  const directory = await deps.directory.current();
  let erased = 0;
  for (const item of due) {
    if (item.held) continue;
    const done = await deps.store.transaction(async (tx) => {
      const incident = await tx.lockIncident(item.id);
      // Re-checked under the lock: a hold, a reopening or another replica's run may have come in between.
      if (!incident || incident.erasedAt || incident.heldAt || incident.status !== 'closed') return false;
      const posted = await tx.postedMessages(incident.id);
      const counts = await tx.erase(incident, removedMessage(incident.ref, directory.settings.defaultLocale), now);
      await tx.enqueue(replacements(directory, incident, posted, now));
      await tx.audit([{
        at: now, actorId: options.actorId ?? 'retention', action: 'incident.erased', subjectType: 'incident', subjectId: incident.ref,
        after: { closedAt: incident.closedAt!.toISOString(), retentionDays: item.retentionDays, replaced: posted.length, ...counts },
        platform: options.platform ?? 'system',
      }]);
      return true;
    });
    if (done) erased += 1;
  }
  if (erased > 0) deps.delivery?.wake();
  return { due: report, erased };
}

/** The short version every posted message and stored body of an erased incident is replaced by. */
export function removedMessage(ref: string, locale: Locale): OutboundMessage {
  const title = `${ref}: ${t('text.erased', locale)}`;
  return { locale, tone: 'info', title, facts: [], actions: [], fallback: title, incidentRef: ref, audience: 'notification' };
}

function replacements(directory: Directory, incident: Incident, posted: QueuedNotification[], now: Date): NewNotification[] {
  return posted.map((original) => {
    const person = original.personId ? directory.person(original.personId) : undefined;
    return {
      id: randomUUID(),
      idempotencyKey: `${original.id}:erased`,
      kind: 'incident.update',
      incidentId: incident.id,
      agencyId: original.agencyId ?? undefined,
      personId: original.personId ?? undefined,
      address: original.address,
      message: removedMessage(incident.ref, person?.locale ?? directory.settings.defaultLocale),
      updatesId: original.id,
      notBefore: now,
    };
  });
}
