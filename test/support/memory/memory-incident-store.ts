import type { Disclosure } from '../../../src/core/access/disclosure.types.ts';
import type { AuditEventInput } from '../../../src/core/audit/audit.types.ts';
import { formatIncidentRef } from '../../../src/core/commands/incident-ref.ts';
import type { RequestKeyClaim } from '../../../src/core/coordination/request-key.port.ts';
import { DuplicateRequestKeyError } from '../../../src/core/incident/incident.errors.ts';
import type {
  AgencyPatch, DueEscalation, EscalationTransaction, IncidentFilter, IncidentStore, NewIncident, RegistrationWrites,
} from '../../../src/core/incident/incident.port.ts';
import type { EscalationDue } from '../../../src/core/escalation/escalation-policy.ts';
import type { AgencyState, Incident, IncidentNote, IncidentStatus, SituationReport } from '../../../src/core/incident/incident.types.ts';
import type { NewNotification, QueuedNotification } from '../../../src/core/notification/notification.types.ts';

/** Everything the memory store holds; tests read it as they would read rows. */
export interface MemoryIncidentState {
  /** The last incident number drawn (numbers are gapless: a rolled-back registration gives its number back). */
  lastNumber: number;
  incidents: Map<string, Incident & { requestKey: string | null }>;
  notes: Map<string, IncidentNote[]>;
  notifications: Array<NewNotification & { createdAt: Date }>;
  requestKeys: Map<string, RequestKeyClaim>;
  disclosures: Disclosure[];
  audit: AuditEventInput[];
}

const empty = (): MemoryIncidentState => ({
  lastNumber: 0, incidents: new Map(), notes: new Map(), notifications: [], requestKeys: new Map(), disclosures: [], audit: [],
});

/**
 * The core's IncidentStore kept in memory, for core rules that need no database. One transaction at a time (the
 * next waits, as behind the Prisma store's row and audit locks), and a failed one leaves nothing behind: it works on
 * a copy that replaces the state only when the work succeeds. test/contracts/incident-store.contract.test.ts runs
 * the same cases on this and on the Prisma store over PGlite and PostgreSQL.
 */
export class MemoryIncidentStore implements IncidentStore {
  state: MemoryIncidentState = empty();
  private queue: Promise<unknown> = Promise.resolve();

  transaction<T>(work: (tx: EscalationTransaction) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      const copy = structuredClone(this.state);
      const result = await work(new MemoryIncidentTransaction(copy));
      this.state = copy;
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async register(incident: NewIncident, complete: (incident: Incident) => Promise<RegistrationWrites>): Promise<{ incident: Incident; created: boolean }> {
    const earlier = incident.requestKey ? [...this.state.incidents.values()].find((i) => i.requestKey === incident.requestKey) : undefined;
    if (earlier) return { incident: view(earlier)!, created: false };
    const created = await this.transaction(async (tx) => {
      const stored = await tx.create(incident);
      const writes = await complete(stored);
      await tx.enqueue(writes.notifications);
      await tx.disclose(writes.disclosures);
      await tx.audit(writes.audit);
      return stored;
    });
    return { incident: created, created: true };
  }

  async auditOnly(events: AuditEventInput[]): Promise<void> {
    await this.transaction(async (tx) => tx.audit(events));
  }

  async findByNumber(number: number): Promise<Incident | null> {
    return view(byNumber(this.state, number));
  }

  async list(filter: IncidentFilter): Promise<Incident[]> {
    return [...this.state.incidents.values()]
      .filter((i) => (!filter.status || i.status === filter.status) && (!filter.areaIds || filter.areaIds.includes(i.areaId)))
      .sort((a, b) => b.number - a.number)
      .slice(0, filter.limit ?? 100)
      .map((i) => view(i)!);
  }

  async notes(incidentId: string): Promise<IncidentNote[]> {
    return [...(this.state.notes.get(incidentId) ?? [])].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }
}

function byNumber(state: MemoryIncidentState, number: number) {
  return [...state.incidents.values()].find((i) => i.number === number);
}

/** A copy for the caller, agencies by id, as the Prisma store maps rows (changing it changes nothing stored). */
function view(incident: (Incident & { requestKey?: string | null }) | undefined): Incident | null {
  if (!incident) return null;
  const { requestKey: _requestKey, ...rest } = structuredClone(incident);
  return { ...rest, agencies: rest.agencies.sort((a, b) => a.agencyId.localeCompare(b.agencyId)) };
}

class MemoryIncidentTransaction implements EscalationTransaction {
  constructor(private readonly state: MemoryIncidentState) {}

  async claimRequestKey(claim: RequestKeyClaim): Promise<boolean> {
    if (this.state.requestKeys.has(claim.key)) return false;
    this.state.requestKeys.set(claim.key, claim);
    return true;
  }

  async findByRequestKey(requestKey: string): Promise<Incident | null> {
    return view([...this.state.incidents.values()].find((i) => i.requestKey === requestKey));
  }

  async create(incident: NewIncident): Promise<Incident> {
    if (incident.requestKey && [...this.state.incidents.values()].some((i) => i.requestKey === incident.requestKey)) {
      throw new DuplicateRequestKeyError(incident.requestKey);
    }
    this.state.lastNumber += 1;
    const number = this.state.lastNumber;
    const { agencies, requestKey, ...fields } = incident;
    const stored = {
      ...fields, requestKey, number, ref: formatIncidentRef(incident.year, number), status: 'open' as const, closedAt: null, heldAt: null, erasedAt: null,
      leadAgencyId: null, latestReport: null,
      agencies: agencies.map((a) => ({
        sensitiveBasis: null, ...a, state: 'notified' as const, acknowledgedAt: null, acknowledgedBy: null, respondingAt: null, declinedAt: null,
        declineReason: null, escalationLevel: 0,
      })),
    };
    this.state.incidents.set(stored.id, stored);
    return view(stored)!;
  }

  async lockByNumber(number: number): Promise<Incident | null> {
    return view(byNumber(this.state, number));
  }

  async transitionAgency(incidentId: string, agencyId: string, from: AgencyState[], patch: AgencyPatch): Promise<boolean> {
    const part = this.state.incidents.get(incidentId)?.agencies.find((a) => a.agencyId === agencyId);
    if (!part || !from.includes(part.state)) return false;
    Object.assign(part, patch);
    return true;
  }

  async setStatus(incidentId: string, from: IncidentStatus, to: IncidentStatus, closedAt: Date | null): Promise<boolean> {
    const incident = this.state.incidents.get(incidentId);
    if (!incident || incident.status !== from) return false;
    Object.assign(incident, { status: to, closedAt });
    return true;
  }

  async setHold(incidentId: string, hold: { at: Date; by: string } | null): Promise<boolean> {
    const incident = this.state.incidents.get(incidentId);
    if (!incident || (hold ? incident.heldAt != null : incident.heldAt == null)) return false;
    incident.heldAt = hold?.at ?? null;
    return true;
  }

  async addNote(incidentId: string, note: IncidentNote): Promise<void> {
    this.state.notes.set(incidentId, [...(this.state.notes.get(incidentId) ?? []), { ...note }]);
  }

  async setLeadAgency(incidentId: string, agencyId: string | null): Promise<void> {
    const incident = this.state.incidents.get(incidentId);
    if (incident) incident.leadAgencyId = agencyId;
  }

  async addSituationReport(incidentId: string, report: SituationReport): Promise<void> {
    const incident = this.state.incidents.get(incidentId);
    // The latest by its time, as the Prisma store reads it.
    if (incident && (!incident.latestReport || incident.latestReport.createdAt <= report.createdAt)) incident.latestReport = { ...report };
  }

  async notificationsOf(incidentId: string, kinds: string[]): Promise<QueuedNotification[]> {
    return this.state.notifications
      .filter((n) => n.incidentId === incidentId && kinds.includes(n.kind))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((n) => ({ id: n.id, kind: n.kind, agencyId: n.agencyId ?? null, personId: n.personId ?? null, address: { ...n.address, user: n.address.user ?? null } }));
  }

  async enqueue(notifications: NewNotification[]): Promise<void> {
    // Updates of one message are placed after those queued before (the worker applies them in created order).
    for (const n of notifications) {
      const earlier = n.updatesId ? this.state.notifications.filter((q) => q.updatesId === n.updatesId) : [];
      const after = Math.max(0, ...earlier.map((q) => q.createdAt.getTime() + 1));
      this.state.notifications.push({ ...structuredClone(n), createdAt: new Date(Math.max(n.notBefore.getTime(), after)) });
    }
  }

  async disclose(disclosures: Disclosure[]): Promise<void> {
    this.state.disclosures.push(...structuredClone(disclosures));
  }

  async audit(events: AuditEventInput[]): Promise<void> {
    this.state.audit.push(...structuredClone(events));
  }

  async claimDueEscalations(due: EscalationDue, limit: number): Promise<DueEscalation[]> {
    const claimed = [...this.state.incidents.values()]
      .filter((i) => i.status === due.incidentStatus)
      .flatMap((i) => i.agencies.filter((a) => due.waitingStates.includes(a.state) && a.nextEscalationAt && a.nextEscalationAt <= due.dueBy).map((a) => ({ i, a })))
      .sort((x, y) => x.a.nextEscalationAt!.getTime() - y.a.nextEscalationAt!.getTime())
      .slice(0, limit);
    return claimed.map(({ i, a }) => {
      const incident = view(i)!;
      return { incident, part: incident.agencies.find((p) => p.agencyId === a.agencyId)! };
    });
  }
}
