import type { AgencyState, Incident } from '../incident/incident.types.ts';
import type { Person } from '../directory/directory.types.ts';
import type { AgencyAnswerFigures } from '../incident/answer-figures.ts';

/** Result of walking the audit trail's hash chain. */
export interface AuditChainStatus {
  /** Events checked and found intact (all of them when `brokenAt` is absent). */
  checked: number;
  /** The first event whose content or link does not match; absent when the chain is whole. */
  brokenAt?: { seq: string; action: string; at: Date; reason: string };
  /** When the check ran (results may be cached briefly). */
  checkedAt: Date;
}

/** One open-incident count cell: an area and how many open incidents it has at each severity. */
export interface OpenByAreaRow {
  areaId: string;
  /** Count per severity level. */
  bySeverity: Record<number, number>;
  total: number;
}

/** One agency's answer to one open incident, as a supervisor needs it. */
export interface AgencyAckRow {
  agencyId: string;
  state: AgencyState;
  deadlineAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  /** Milliseconds from registration to the first answer of any kind (`answer-figures.ts`); null while unanswered. */
  timeToAckMs: number | null;
  /** Milliseconds waited so far while still unanswered; null once answered. */
  waitingMs: number | null;
  /** Unanswered past its deadline (a miss, as the digest counts it). */
  overdue: boolean;
  escalationLevel: number;
}

export interface IncidentAckRow {
  incident: Incident;
  agencies: AgencyAckRow[];
}

/** An unanswered agency whose escalation has started (backup told, or supervisors told). */
export interface EscalationRow {
  incident: Incident;
  agencyId: string;
  /** 1 = backup address told, 2 = supervisors told. */
  level: number;
  deadlineAt: Date;
  nextEscalationAt: Date | null;
}

export interface AreaDayCount {
  /** Local day in the deployment's time zone, `yyyy-MM-dd`. */
  day: string;
  areaId: string;
  count: number;
}

/** One line of an incident's timeline, built from its audit events. */
export interface TimelineEntry {
  seq: string;
  at: Date;
  actorId: string;
  action: string;
  platform: string;
  agencyId?: string;
  /** Free text the event carries (decline reason, close comment, delivery error). */
  detail?: string;
  /** Escalation level reached, for `incident.escalated`. */
  level?: number;
  /** For grouped deliveries: how many notifications of this kind, and where they went. */
  count?: number;
  channels?: string[];
  notificationKind?: string;
  /** For a read of confidential details: the reader's ground (reporter, agency, supervisor, admin); `detail` is the basis. */
  ground?: string;
}

/** Everything the supervisor view shows, scoped to what the supervisor oversees. */
export interface SupervisorView {
  person: Person;
  now: Date;
  windowDays: number;
  openIncidents: Incident[];
  openByArea: OpenByAreaRow[];
  severities: number[];
  ackRows: IncidentAckRow[];
  escalations: EscalationRow[];
  perAreaPerDay: AreaDayCount[];
  /** Answer figures per agency over the window, defined as in the daily digest (`answer-figures.ts`), ordered by agency id. */
  answers: AgencyAnswerFigures[];
  /** The selected incident (or the newest open one) and its timeline. */
  timeline: { incident: Incident; entries: TimelineEntry[] } | null;
  chain: AuditChainStatus;
}
