import { randomUUID } from 'node:crypto';
import type { App } from '../../../src/cli/compose-app.ts';
import type { Database } from '../../../src/infra/db/database.ts';
import type { CommandOutcome } from '../../../src/core/kernel/command-outcome.ts';
import type { InboundEvent } from '../../../src/core/kernel/inbound-event.ts';
import type { ActionPayload, OutboundMessage } from '../../../src/core/messages/outbound.types.ts';
import type { PlatformName } from '../../../src/core/shared/platform.types.ts';

/** Options of one inbound event: which platform it came from, the locale the platform reports, a retry key. */
export interface SayOptions {
  platform?: Extract<PlatformName, 'memory' | 'web'>;
  locale?: string;
  requestKey?: string;
}

function event(userId: string, input: InboundEvent['input'], options: SayOptions = {}): InboundEvent {
  return {
    platform: options.platform ?? 'memory',
    workspace: '',
    userId,
    locale: options.locale,
    requestId: `test-${randomUUID()}`,
    requestKey: options.requestKey,
    input,
  };
}

/** Sends chat text as a configured person (platform `memory` by default), through the parser and the core. */
export function say(app: Pick<App, 'service'>, userId: string, text: string, options?: SayOptions): Promise<CommandOutcome> {
  return app.service.handle(event(userId, { type: 'text', text }, options));
}

/** Presses a button: the payload goes in unvalidated, as an adapter would hand it over. */
export function press(app: Pick<App, 'service'>, userId: string, value: ActionPayload | unknown, reason?: string, options?: SayOptions): Promise<CommandOutcome> {
  return app.service.handle(event(userId, { type: 'action', value, reason }, options));
}

/** Submits the incident form. */
export function submitForm(app: Pick<App, 'service'>, userId: string, values: unknown, options?: SayOptions): Promise<CommandOutcome> {
  return app.service.handle(event(userId, { type: 'form', values }, options));
}

/** What a person reads of a message: title, text and facts, one per line. */
export function readable(message: OutboundMessage): string {
  return [message.title, message.text ?? '', ...message.facts.map((f) => `${f.label}: ${f.value}`)].filter(Boolean).join('\n');
}

/** The one reply of an outcome as text. */
export function replyText(outcome: CommandOutcome): string {
  if (outcome.replies.length !== 1) throw new Error(`expected one reply, got ${outcome.replies.length}`);
  return readable(outcome.replies[0]);
}

export interface RowCounts {
  incident: number;
  incident_agency: number;
  notification: number;
  incident_note: number;
  audit_event: number;
}

/** Row counts of the tables a command may write. */
export async function rowCounts(db: Database): Promise<RowCounts> {
  const [row] = await db.sql.query<Record<keyof RowCounts, string | number>>(`
    SELECT (SELECT count(*) FROM incident) AS incident,
           (SELECT count(*) FROM incident_agency) AS incident_agency,
           (SELECT count(*) FROM notification) AS notification,
           (SELECT count(*) FROM incident_note) AS incident_note,
           (SELECT count(*) FROM audit_event) AS audit_event`);
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as RowCounts;
}

/** The last audit sequence number, to read what a step wrote after it. */
export async function lastAuditSeq(db: Database): Promise<bigint> {
  return (await db.prisma.auditEvent.aggregate({ _max: { seq: true } }))._max.seq ?? 0n;
}

/** Audit events written after `seq`, in chain order. */
export function auditAfter(db: Database, seq: bigint) {
  return db.prisma.auditEvent.findMany({ where: { seq: { gt: seq } }, orderBy: { seq: 'asc' } });
}

/** Notification rows of an incident, optionally of some kinds, oldest first. */
export function notificationsOf(db: Database, incidentId: string, kinds?: string[]) {
  return db.prisma.notification.findMany({
    where: { incidentId, kind: kinds ? { in: kinds } : undefined },
    orderBy: [{ createdAt: 'asc' }, { channel: 'asc' }],
  });
}

/** The channels a set of notification rows goes to, sorted. */
export const channels = (rows: Array<{ channel: string }>) => [...rows.map((r) => r.channel)].sort();

/** The message a notification row carries. */
export const messageOf = (row: { message: unknown }) => row.message as OutboundMessage;
