import { createHash, randomBytes } from 'node:crypto';
import type { DirectoryReader } from '../directory/directory.port.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { AccessLog } from '../access/access-log.port.ts';
import type { RosterSource } from '../shift/shift.port.ts';
import { addLocalDays, localDateOf, localDayWindow } from '../shift/local-time.ts';
import type { CalendarTokenStore } from './calendar.port.ts';
import type { CalendarFeed, CalendarSubjectType, CalendarToken } from './calendar.types.ts';
import { calendarEvents } from './calendar-events.ts';

/** Days of past shifts a feed keeps (roster overrides are kept about two weeks back). */
export const FEED_PAST_DAYS = 14;
/** Days of coming shifts a feed shows. */
export const FEED_FUTURE_DAYS = 90;

export interface CalendarFeedDeps {
  directory: DirectoryReader;
  shifts: RosterSource;
  tokens: CalendarTokenStore;
  clock: Clock;
  /** The read log: each fetch of a feed is recorded before it is answered. */
  accessLog: AccessLog;
}

/** Why a token could not be issued or revoked; the message says what to do. */
export class CalendarFeedError extends Error {
  constructor(readonly code: 'unknown_subject' | 'ambiguous_subject' | 'unknown_holder' | 'unknown_token' | 'already_revoked', message: string) {
    super(message);
    this.name = 'CalendarFeedError';
  }
}

/** SHA-256 of a feed token, hex: what is stored and looked up. */
export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Who changes tokens, for the audit trail. */
export interface CalendarActor {
  actorId: string;
  platform: 'cli' | 'system';
}

/**
 * Resolves `anna.lind`, `person:anna.lind` or `roster:polisen-jarva` to a feed subject; an id that names both a
 * person and a roster must carry its prefix.
 */
export async function resolveFeedSubject(deps: Pick<CalendarFeedDeps, 'directory' | 'shifts'>, text: string): Promise<{ type: CalendarSubjectType; id: string }> {
  const [prefix, rest] = text.includes(':') ? [text.slice(0, text.indexOf(':')), text.slice(text.indexOf(':') + 1)] : [undefined, text];
  const directory = await deps.directory.current();
  const snapshot = await deps.shifts.snapshot();
  const person = prefix !== 'roster' && directory.person(rest) ? rest : undefined;
  const roster = prefix !== 'person' && snapshot.rosters.some((r) => r.id === rest) ? rest : undefined;
  if (person && roster) throw new CalendarFeedError('ambiguous_subject', `"${rest}" is both a person and a roster: write person:${rest} or roster:${rest}`);
  if (person) return { type: 'person', id: person };
  if (roster) return { type: 'roster', id: roster };
  throw new CalendarFeedError('unknown_subject', `no person or roster "${rest}" in the deployment`);
}

/**
 * Issues a private feed token for a person or a roster (a roster's may name the person who holds it). Stores only the
 * token's hash, with its audit event in the same transaction. The token is returned once and cannot be shown again.
 */
export async function issueFeedToken(
  deps: Pick<CalendarFeedDeps, 'directory' | 'shifts' | 'tokens' | 'clock'>, actor: CalendarActor, subjectText: string, holderId?: string,
): Promise<{ id: string; token: string; subject: { type: CalendarSubjectType; id: string } }> {
  const subject = await resolveFeedSubject(deps, subjectText);
  if (holderId !== undefined && !(await deps.directory.current()).person(holderId)) {
    throw new CalendarFeedError('unknown_holder', `no person "${holderId}" in the deployment`);
  }
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const record: CalendarToken = {
    id: `cal-${randomBytes(5).toString('hex')}`, tokenHash: hashFeedToken(token), subjectType: subject.type, subjectId: subject.id,
    holderId: subject.type === 'person' ? subject.id : holderId ?? null, createdBy: actor.actorId, createdAt: now, revokedAt: null, revokedBy: null,
  };
  await deps.tokens.transaction(async (tx) => {
    await tx.insert(record);
    await tx.audit([{
      at: now, actorId: actor.actorId, action: 'calendar.token_issued', subjectType: 'calendar_token', subjectId: record.id,
      after: { subjectType: record.subjectType, subjectId: record.subjectId, holderId: record.holderId }, platform: actor.platform,
    }]);
  });
  return { id: record.id, token, subject };
}

/** Revokes a token by its id (from `ical issue` or `ical list`), audited; the feed answers 404 from then on. */
export async function revokeFeedToken(deps: Pick<CalendarFeedDeps, 'tokens' | 'clock'>, actor: CalendarActor, id: string): Promise<CalendarToken> {
  const found = await deps.tokens.byId(id);
  if (!found) throw new CalendarFeedError('unknown_token', `no calendar token "${id}"`);
  if (found.revokedAt) throw new CalendarFeedError('already_revoked', `calendar token ${id} was revoked on ${found.revokedAt.toISOString()}`);
  const now = deps.clock.now();
  const done = await deps.tokens.transaction(async (tx) => {
    if (!(await tx.revoke(id, now, actor.actorId))) return false;
    await tx.audit([{
      at: now, actorId: actor.actorId, action: 'calendar.token_revoked', subjectType: 'calendar_token', subjectId: id,
      before: { revokedAt: null }, after: { revokedAt: now.toISOString() }, platform: actor.platform,
    }]);
    return true;
  });
  if (!done) throw new CalendarFeedError('already_revoked', `calendar token ${id} was revoked meanwhile`);
  return { ...found, revokedAt: now, revokedBy: actor.actorId };
}

/**
 * The feed behind a token: its shifts from two weeks back to three months ahead, overrides included. Null for a
 * token that is unknown or revoked, or whose person or roster is gone (the caller answers 404 for all of them alike).
 * The fetch is recorded in the read log (surface `ical`) before the feed is returned.
 */
export async function openFeed(deps: CalendarFeedDeps, token: string): Promise<CalendarFeed | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const record = await deps.tokens.byHash(hashFeedToken(token));
  if (!record || record.revokedAt) return null;
  const directory = await deps.directory.current();
  const snapshot = await deps.shifts.snapshot();
  const person = record.subjectType === 'person' ? directory.person(record.subjectId) : undefined;
  const roster = record.subjectType === 'roster' ? snapshot.rosters.find((r) => r.id === record.subjectId) : undefined;
  if (!person && !roster) return null;
  const now = deps.clock.now();
  const tz = directory.settings.timeZone;
  const today = localDateOf(now, tz);
  const from = localDayWindow(addLocalDays(today, -FEED_PAST_DAYS), tz).start;
  const to = localDayWindow(addLocalDays(today, FEED_FUTURE_DAYS), tz).end;
  const holder = record.holderId ? directory.person(record.holderId) : undefined;
  const locale = person?.locale ?? holder?.locale ?? directory.settings.defaultLocale;
  await deps.accessLog.record([{
    at: now, personId: record.holderId ?? `calendar:${record.id}`, agencyId: (person ?? holder)?.agencyId ?? null,
    incidentId: null, incidentRef: null, fields: ['roster'], confidential: false, surface: 'ical', ground: 'feed_token', basis: null, requestId: record.id,
  }]);
  return {
    name: `Samband – ${person ? person.name : roster!.name[locale]}`,
    timeZone: tz,
    events: calendarEvents(snapshot, directory, { type: record.subjectType, id: record.subjectId }, from, to, locale),
  };
}
