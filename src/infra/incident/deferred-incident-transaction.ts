import type { Database } from '../db/database.ts';
import type { EscalationDue } from '../../core/escalation/escalation-policy.ts';
import type {
  AgencyPatch, DueEscalation, EscalationTransaction, NewIncident,
} from '../../core/incident/incident.port.ts';
import type { AgencyState, Incident, IncidentNote, IncidentStatus } from '../../core/incident/incident.types.ts';
import type { NewNotification, QueuedNotification } from '../../core/notification/notification.types.ts';
import type { AuditEventInput } from '../../core/audit/audit.types.ts';
import type { Disclosure } from '../../core/access/disclosure.types.ts';
import type { RequestKeyClaim } from '../../core/coordination/request-key.port.ts';
import { DuplicateRequestKeyError } from '../../core/incident/incident.errors.ts';
import { toIncident } from './incident-mapper.ts';
import { RegistrationTurns } from './registration-turns.ts';
import {
  incidentIdByRequestKey, isIncidentNumberTaken, isUniqueViolation, peekIncidentNumber, writeAll, type PendingWrites, type SqlExecutor,
} from './incident-sql.ts';

/** The interactive transaction to hand over to when work needs one (a lock, a read of its own writes, an update). */
export interface InteractiveTransaction extends EscalationTransaction {
  /** Writes what was collected before the hand-over, first thing in the transaction. */
  writePending(writes: PendingWrites): Promise<void>;
}

/** Opens an interactive transaction that stays open until `done` settles (commit on resolve, rollback on reject). */
export type OpenInteractive = (done: Promise<void>) => { tx: Promise<InteractiveTransaction>; finished: Promise<void> };

/**
 * Runs `work` with writes deferred: work that only adds rows (registration: look up the request key, insert the
 * incident, queue its notifications, append the audit event) collects them and writes everything in one statement
 * at the end, which is one atomic commit and one round trip instead of an interactive transaction of six. As soon as
 * work calls anything that needs a real transaction (a row lock, a conditional update, a read of queued rows, an
 * update notification that must be ordered under the incident's lock), an interactive transaction is opened, what
 * was collected is written into it first, and everything after runs inside it, exactly as before.
 *
 * Reads made before the hand-over (the request-key lookup, the next incident number) are plain READ COMMITTED reads,
 * as they would be inside the transaction; the unique index on request_key still settles two deliveries of one request
 * racing, and the incident's number trigger refuses a number another registration took meanwhile (then `work` runs
 * again from the start, in a transaction that draws the number under the counter's lock: it had written nothing).
 */
export async function runWithDeferredWrites<T>(
  db: Database, openInteractive: OpenInteractive, work: (tx: EscalationTransaction) => Promise<T>, turns = new RegistrationTurns(),
): Promise<T> {
  try {
    return await runOnce(db, openInteractive, work, 'read', turns);
  } catch (error) {
    if (!isIncidentNumberTaken(error)) throw error;
  }
  // Another registration committed the number this one read; nothing was written. Prepare it again, this time
  // drawing the number under the counter's row lock (held until commit), which cannot be lost: a burst of concurrent
  // registrations costs each at most one wasted preparation instead of one per winner before it.
  return runOnce(db, openInteractive, work, 'lock', turns);
}

/** How a registration gets its number: read beforehand and checked at the write, or drawn under the counter's lock. */
type NumberMode = 'read' | 'lock';

async function runOnce<T>(
  db: Database, openInteractive: OpenInteractive, work: (tx: EscalationTransaction) => Promise<T>, mode: NumberMode, turns: RegistrationTurns,
): Promise<T> {
  const tx = new DeferredIncidentTransaction(db, openInteractive, mode, turns);
  let result: T;
  try {
    try {
      result = await work(tx);
    } catch (error) {
      await tx.rollback(error);
      throw error;
    }
    await tx.commit();
  } finally {
    tx.endTurn();
  }
  return result;
}

class DeferredIncidentTransaction implements EscalationTransaction {
  private readonly pending: Required<PendingWrites> = { incidents: [], notifications: [], audit: [], disclosures: [] };
  private interactive: { tx: Promise<InteractiveTransaction>; finished: Promise<void>; settle: (error?: unknown) => void } | undefined;
  private readonly sql: SqlExecutor;

  private turn: (() => void) | undefined;

  constructor(
    private readonly db: Database, private readonly openInteractive: OpenInteractive, private readonly numberMode: NumberMode,
    private readonly turns: RegistrationTurns,
  ) {
    this.sql = (text, params) => db.sql.query(text, params);
  }

  async findByRequestKey(requestKey: string): Promise<Incident | null> {
    if (this.interactive) return (await this.interactive.tx).findByRequestKey(requestKey);
    // Nearly always absent: one indexed lookup; the full read only for a real retry.
    const id = await incidentIdByRequestKey(this.sql, requestKey);
    if (!id) return null;
    return (await this.handOver()).findByRequestKey(requestKey);
  }

  async create(incident: NewIncident): Promise<Incident> {
    if (this.interactive || this.numberMode === 'lock') return (await this.handOver()).create(incident);
    // Held until this transaction ends, so another registration of this process reads the number after this one's.
    this.turn ??= await this.turns.take();
    const number = await peekIncidentNumber(this.sql);
    this.pending.incidents.push({ ...incident, number });
    // What the database will hold: the values given and the column defaults.
    const { agencies, requestKey: _requestKey, ...fields } = incident;
    return toIncident({
      ...fields, number, status: 'open', closedAt: null,
      agencies: agencies.map((a) => ({
        ...a, state: 'notified', acknowledgedAt: null, acknowledgedBy: null, respondingAt: null, declinedAt: null, declineReason: null, escalationLevel: 0,
      })),
    });
  }

  async enqueue(notifications: NewNotification[]): Promise<void> {
    // Updates are ordered against those already queued, under the incident's lock: that needs the transaction.
    if (this.interactive || notifications.some((n) => n.updatesId)) return (await this.handOver()).enqueue(notifications);
    this.pending.notifications.push(...notifications.map((n) => ({ ...n, createdAt: n.notBefore })));
  }

  async disclose(disclosures: Disclosure[]): Promise<void> {
    if (this.interactive) return (await this.interactive.tx).disclose(disclosures);
    this.pending.disclosures.push(...disclosures);
  }

  async audit(events: AuditEventInput[]): Promise<void> {
    if (this.interactive) return (await this.interactive.tx).audit(events);
    this.pending.audit.push(...events);
  }

  async claimRequestKey(claim: RequestKeyClaim): Promise<boolean> {
    // Waiting for a concurrent delivery of the same key needs the transaction.
    return (await this.handOver()).claimRequestKey(claim);
  }

  async lockByNumber(number: number): Promise<Incident | null> {
    return (await this.handOver()).lockByNumber(number);
  }

  async transitionAgency(incidentId: string, agencyId: string, from: AgencyState[], patch: AgencyPatch): Promise<boolean> {
    return (await this.handOver()).transitionAgency(incidentId, agencyId, from, patch);
  }

  async setStatus(incidentId: string, from: IncidentStatus, to: IncidentStatus, closedAt: Date | null): Promise<boolean> {
    return (await this.handOver()).setStatus(incidentId, from, to, closedAt);
  }

  async setHold(incidentId: string, hold: { at: Date; by: string } | null): Promise<boolean> {
    return (await this.handOver()).setHold(incidentId, hold);
  }

  async addNote(incidentId: string, note: IncidentNote): Promise<void> {
    return (await this.handOver()).addNote(incidentId, note);
  }

  async notificationsOf(incidentId: string, kinds: string[]): Promise<QueuedNotification[]> {
    return (await this.handOver()).notificationsOf(incidentId, kinds);
  }

  async claimDueEscalations(due: EscalationDue, limit: number): Promise<DueEscalation[]> {
    return (await this.handOver()).claimDueEscalations(due, limit);
  }

  /** Lets the next registration of this process read its number. */
  endTurn(): void {
    this.turn?.();
    this.turn = undefined;
  }

  /** Writes what was collected: in the interactive transaction if one was opened (then commits it), else in one statement. */
  async commit(): Promise<void> {
    if (this.interactive) {
      this.interactive.settle();
      await this.interactive.finished;
      return;
    }
    try {
      await writeAll(this.sql, this.pending);
    } catch (error) {
      throw asDuplicateRequestKey(error, this.pending) ?? error;
    }
  }

  async rollback(error: unknown): Promise<void> {
    if (!this.interactive) return; // nothing was written
    this.interactive.settle(error ?? new Error('rolled back'));
    await this.interactive.finished.catch(() => undefined);
  }

  private handOver(): Promise<InteractiveTransaction> {
    if (!this.interactive) {
      let settle!: (error?: unknown) => void;
      const done = new Promise<void>((resolve, reject) => { settle = (error) => (error === undefined ? resolve() : reject(error)); });
      done.catch(() => undefined); // observed through `finished`
      const pending = { incidents: this.pending.incidents.splice(0), notifications: this.pending.notifications.splice(0), audit: this.pending.audit.splice(0), disclosures: this.pending.disclosures.splice(0) };
      const opened = this.openInteractive(done);
      const tx = opened.tx.then(async (inner) => {
        try {
          await inner.writePending(pending);
        } catch (error) {
          settle(error);
          throw asDuplicateRequestKey(error, pending) ?? error;
        }
        return inner;
      });
      tx.catch(() => undefined);
      this.interactive = { tx, finished: opened.finished, settle };
    }
    return this.interactive.tx;
  }
}

/** A unique violation on incident.request_key: another delivery of the same request got there first. */
function asDuplicateRequestKey(error: unknown, writes: PendingWrites): DuplicateRequestKeyError | undefined {
  const withKey = writes.incidents.find((i) => i.requestKey);
  if (!withKey?.requestKey || !isUniqueViolation(error)) return undefined;
  let detail = '';
  try { detail = JSON.stringify(error) ?? ''; } catch { /* not serialisable: the message will do */ }
  const text = `${(error as Error)?.message ?? ''} ${detail}`;
  return /request_key/.test(text) ? new DuplicateRequestKeyError(withKey.requestKey) : undefined;
}
