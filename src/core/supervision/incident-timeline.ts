import type { StoredAuditEvent } from '../audit/audit.types.ts';
import type { TimelineNotification } from './supervision.port.ts';
import type { TimelineEntry } from './supervision.types.ts';
import type { Disclosure } from '../access/disclosure.types.ts';
import type { Incident, IncidentNote, SituationReport } from '../incident/incident.types.ts';
import { t } from '../messages/i18n.ts';

/**
 * Where the free text of events lives: audit events carry only digests of decline reasons and close comments, so the
 * timeline reads the text from the incident's own rows (its agency parts and notes).
 */
export interface TimelineTexts {
  incident?: Incident;
  notes?: IncidentNote[];
  /** Situation reports: the timeline shows each one's text where its audit event names it. */
  situationReports?: SituationReport[];
}

/** Shown where the text was erased under the retention rules (the timeline has no one reader's language). */
export const REMOVED_TEXT = `${t('text.erased', 'sv')} / ${t('text.erased', 'en')}`;

const DELIVERED = 'notification.delivered';

type Details = Record<string, unknown>;
const details = (value: unknown): Details => (value && typeof value === 'object' ? value as Details : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * An incident's timeline from its audit events. Deliveries of the same kind that follow each other are folded into
 * one line naming the channels ("delivered to 9 addresses"), so the changes people made stay readable.
 */
export function buildTimeline(
  events: StoredAuditEvent[], notifications: TimelineNotification[], confidentialReads: Disclosure[] = [], texts: TimelineTexts = {},
): TimelineEntry[] {
  const changes = buildChanges(events, notifications, texts);
  if (confidentialReads.length === 0) return changes;
  // Who read the confidential details, and on which ground, between the changes (by time; a read and a change in
  // the same millisecond keep the change first).
  const reads: TimelineEntry[] = confidentialReads.map((d, i) => ({
    seq: `read-${i + 1}`, at: d.at, actorId: d.personId, action: 'incident.read_confidential', platform: d.surface,
    agencyId: d.agencyId ?? undefined, detail: d.basis ?? undefined, ground: d.ground,
  }));
  return [...changes, ...reads].sort((a, b) => a.at.getTime() - b.at.getTime());
}

function buildChanges(events: StoredAuditEvent[], notifications: TimelineNotification[], texts: TimelineTexts): TimelineEntry[] {
  const byId = new Map(notifications.map((n) => [n.id, n]));
  const entries: TimelineEntry[] = [];
  for (const event of events) {
    const after = details(event.after);
    const base: TimelineEntry = { seq: event.seq.toString(), at: event.at, actorId: event.actorId, action: event.action, platform: event.platform };
    if (event.subjectType === 'notification') {
      const notification = byId.get(event.subjectId);
      const kind = text(after.kind) ?? notification?.kind ?? '';
      const channel = notification?.channel ?? '?';
      const last = entries[entries.length - 1];
      if (event.action === DELIVERED && last?.action === DELIVERED && last.notificationKind === kind) {
        last.count = (last.count ?? 1) + 1;
        if (!last.channels!.includes(channel)) last.channels!.push(channel);
        continue;
      }
      entries.push({ ...base, notificationKind: kind, count: 1, channels: [channel], detail: text(after.error) });
      continue;
    }
    entries.push({
      ...base,
      agencyId: text(after.agencyId) ?? text(details(event.before).agencyId),
      // Agency actions name their action (`INC-2026-0042/1`); their free text stays in the action's row.
      detail: storedText(after, texts) ?? text(after.reason) ?? text(after.comment) ?? text(after.attempted) ?? text(after.actionRef),
      level: typeof after.escalationLevel === 'number' ? after.escalationLevel : undefined,
    });
  }
  return entries;
}

/** The text an event's digest stands for, read from the incident's rows; "removed" once erased. */
function storedText(after: Details, texts: TimelineTexts): string | undefined {
  const erased = texts.incident?.erasedAt ? REMOVED_TEXT : undefined;
  if (after.reasonDigest) {
    const part = texts.incident?.agencies.find((a) => a.agencyId === text(after.agencyId));
    return text(part?.declineReason) ?? erased;
  }
  if (after.commentNoteId) return text(texts.notes?.find((n) => n.id === after.commentNoteId)?.text) ?? erased;
  if (after.reportId) {
    const report = texts.situationReports?.find((r) => r.id === after.reportId);
    const parts = report ? [report.situation, report.actions, report.needs].filter(Boolean).join(' / ') : '';
    return text(parts) ?? erased;
  }
  return undefined;
}
