import type { AuditEventInput } from '../audit/audit.types.ts';
import type { NewNotification, QueuedNotification } from '../notification/notification.types.ts';
import type { AgencyPart, AgencyState, Incident, IncidentNote, IncidentStatus, SituationReport } from './incident.types.ts';
import type { RequestKeyGate } from '../coordination/request-key.port.ts';
import type { PlatformName } from '../shared/platform.types.ts';
import type { Disclosure } from '../access/disclosure.types.ts';
import type { EscalationDue } from '../escalation/escalation-policy.ts';

export interface NewIncident {
  id: string;
  year: number;
  areaId: string;
  categoryId: string;
  severity: number;
  description: string;
  sensitiveDetails: string | null;
  reporterId: string;
  reporterAgencyId: string | null;
  sourcePlatform: PlatformName;
  requestKey: string | null;
  createdAt: Date;
  agencies: Array<Pick<AgencyPart, 'agencyId' | 'canSeeSensitive' | 'sensitiveBasis' | 'deadlineAt' | 'nextEscalationAt'>>;
}

export type AgencyPatch = Partial<Omit<AgencyPart, 'agencyId' | 'canSeeSensitive' | 'sensitiveBasis' | 'deadlineAt'>>;

export interface IncidentFilter {
  status?: IncidentStatus;
  areaIds?: string[];
  limit?: number;
}

/** Changes made together: everything written through one of these commits or rolls back as one. */
export interface IncidentTransaction extends RequestKeyGate {
  /** The incident an earlier delivery of the same request created, if any (retried Slack events, double submits). */
  findByRequestKey(requestKey: string): Promise<Incident | null>;
  /** Inserts the incident and its agency rows; returns it with its number and readable reference. */
  create(incident: NewIncident): Promise<Incident>;
  /** Reads an incident and locks it until the transaction ends, so concurrent changes queue. */
  lockByNumber(number: number): Promise<Incident | null>;
  /**
   * Moves one agency's part from one of `from` states with `patch`. Returns false, changing nothing, when the part
   * is not in one of those states (a double click finds it already moved).
   */
  transitionAgency(incidentId: string, agencyId: string, from: AgencyState[], patch: AgencyPatch): Promise<boolean>;
  /** Sets the status when it is currently `from`; false when it was not. */
  setStatus(incidentId: string, from: IncidentStatus, to: IncidentStatus, closedAt: Date | null): Promise<boolean>;
  addNote(incidentId: string, note: IncidentNote): Promise<void>;
  /**
   * Puts a legal hold on the incident (`hold` given) or releases it (null). False, changing nothing, when it already
   * was in that state.
   */
  setHold(incidentId: string, hold: { at: Date; by: string } | null): Promise<boolean>;
  /** Sets (or changes, or clears with null) the incident's lead agency. */
  setLeadAgency(incidentId: string, agencyId: string | null): Promise<void>;
  /** Stores a situation report; the incident read afterwards in this transaction shows it as its latest. */
  addSituationReport(incidentId: string, report: SituationReport): Promise<void>;
  /** Notifications already queued for the incident (to update or thread under). */
  notificationsOf(incidentId: string, kinds: string[]): Promise<QueuedNotification[]>;
  enqueue(notifications: NewNotification[]): Promise<void>;
  /**
   * Records disclosures in the read log in this transaction: a personal notification queued is a disclosure, logged
   * if and only if the notification is.
   */
  disclose(disclosures: Disclosure[]): Promise<void>;
  /** Appends audit events; call last, the chain lock is held until commit. */
  audit(events: AuditEventInput[]): Promise<void>;
}

/** Escalation candidates: agency parts due by the escalation policy. */
export interface DueEscalation {
  incident: Incident;
  part: AgencyPart;
}

export interface EscalationTransaction extends IncidentTransaction {
  /**
   * Claims up to `limit` agency parts that are due by the escalation policy's parameters (`escalationPolicy.due`),
   * earliest first, skipping rows another replica holds.
   */
  claimDueEscalations(due: EscalationDue, limit: number): Promise<DueEscalation[]>;
}

/** What a registration writes besides the incident itself, made from the incident as it will be stored. */
export interface RegistrationWrites {
  notifications: NewNotification[];
  /** Read-log entries: a personal notification queued is a disclosure. */
  disclosures: Disclosure[];
  /** The registration's audit event(s). */
  audit: AuditEventInput[];
}

/** Incident storage. */
export interface IncidentStore {
  /**
   * Registers an incident as one atomic write: the incident with the next number, its agency parts, and what
   * `complete` makes for it (notifications, disclosures, the audit event), all or nothing. A request key already
   * registered returns that incident (`created: false`) and writes nothing; two deliveries racing end as one incident
   * (the loser gets `DuplicateRequestKeyError`). `complete` may run twice (another process took the number first): it
   * must only compute.
   */
  register(incident: NewIncident, complete: (incident: Incident) => Promise<RegistrationWrites>): Promise<{ incident: Incident; created: boolean }>;
  /** Runs `work` in one interactive transaction (locks, conditional updates, reads of its own writes). */
  transaction<T>(work: (tx: EscalationTransaction) => Promise<T>): Promise<T>;
  /** Appends audit events on their own (refusals, which change nothing else). */
  auditOnly(events: AuditEventInput[]): Promise<void>;
  findByNumber(number: number): Promise<Incident | null>;
  list(filter: IncidentFilter): Promise<Incident[]>;
  notes(incidentId: string): Promise<IncidentNote[]>;
}
