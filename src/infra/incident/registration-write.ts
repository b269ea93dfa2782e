import type { Database } from '../db/database.ts';
import type { NewIncident, RegistrationWrites } from '../../core/incident/incident.port.ts';
import type { Incident } from '../../core/incident/incident.types.ts';
import { DuplicateRequestKeyError } from '../../core/incident/incident.errors.ts';
import { toIncident } from './incident-mapper.ts';
import { RegistrationTurns } from './registration-turns.ts';
import { isIncidentNumberTaken, isUniqueViolation, peekIncidentNumber, writeAll, type SqlExecutor } from './incident-sql.ts';

/** Registration under the counter's lock, in an interactive transaction: the fallback when the number was taken. */
export type RegisterUnderLock = (incident: NewIncident, complete: (incident: Incident) => Promise<RegistrationWrites>) => Promise<Incident>;

/**
 * A registration as one statement, with no interactive transaction: read the next incident number (taking this
 * process's turn, so its own registrations do not read the same one), let the core make the notifications,
 * disclosures and audit event for the incident as it will be stored, and write it all with `writeAll`, one atomic
 * statement and one commit. The number's trigger refuses a number another process took meanwhile; then nothing was
 * written and the registration is made again under the counter's lock (`underLock`), which cannot lose its number.
 * A unique violation on the request key is a second delivery of the same request: `DuplicateRequestKeyError`.
 */
export async function writeRegistration(
  db: Database, turns: RegistrationTurns, underLock: RegisterUnderLock,
  incident: NewIncident, complete: (incident: Incident) => Promise<RegistrationWrites>,
): Promise<Incident> {
  const sql: SqlExecutor = (text, params) => db.sql.query(text, params);
  const endTurn = await turns.take();
  try {
    const number = await peekIncidentNumber(sql);
    const stored = asStored(incident, number);
    const writes = await complete(stored);
    // Updates of earlier messages must be ordered under the incident's lock; a new incident has none, but if it ever
    // had, the locked path orders them.
    if (writes.notifications.some((n) => n.updatesId)) return await underLock(incident, complete);
    await writeAll(sql, {
      incidents: [{ ...incident, number }],
      notifications: writes.notifications.map((n) => ({ ...n, createdAt: n.notBefore })),
      audit: writes.audit,
      disclosures: writes.disclosures,
    });
    return stored;
  } catch (error) {
    if (incident.requestKey && isUniqueViolation(error) && /request_key/.test(describe(error))) throw new DuplicateRequestKeyError(incident.requestKey);
    if (!isIncidentNumberTaken(error)) throw error;
  } finally {
    endTurn();
  }
  // Another process committed the number this one read; nothing was written.
  return underLock(incident, complete);
}

/** What the database will hold for a new incident: the values given and the column defaults. */
export function asStored(incident: NewIncident, number: number): Incident {
  const { agencies, requestKey: _requestKey, ...fields } = incident;
  return toIncident({
    ...fields, number, status: 'open', closedAt: null,
    agencies: agencies.map((a) => ({
      ...a, state: 'notified', acknowledgedAt: null, acknowledgedBy: null, respondingAt: null, declinedAt: null, declineReason: null, escalationLevel: 0,
    })),
  });
}

function describe(error: unknown): string {
  let detail = '';
  try { detail = JSON.stringify(error) ?? ''; } catch { /* not serialisable: the message will do */ }
  return `${(error as Error)?.message ?? ''} ${detail}`;
}
