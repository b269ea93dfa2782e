import type { Incident, IncidentNote, SituationReport } from '../incident/incident.types.ts';
import type { StoredAuditEvent } from '../audit/audit.types.ts';
import type { AuditChainStatus } from './supervision.types.ts';
import type { Disclosure } from '../access/disclosure.types.ts';

/** A notification of an incident, as far as the timeline names where it went. */
export interface TimelineNotification {
  id: string;
  kind: string;
  channel: string;
  platform: string;
}

/** Read-only access to what a supervisor looks at. Writes nothing; every change goes through the coordination core. */
export interface SupervisionReader {
  /** Every open incident plus those registered at or after `since`, newest first, at most `limit`. */
  incidents(since: Date, limit: number): Promise<Incident[]>;
  /** One incident by its readable reference (`INC-2026-0042`), whatever its status. */
  incidentByRef(ref: string): Promise<Incident | null>;
  /**
   * The incident's own audit events and those of its notifications, in chain order, with the notifications, and the
   * read log's disclosures of its confidential details (with their basis), oldest first, and its notes (where the
   * text of close comments lives: the audit events carry only their digests).
   */
  incidentAudit(incident: Incident): Promise<{
    events: StoredAuditEvent[]; notifications: TimelineNotification[]; confidentialReads?: Disclosure[]; notes?: IncidentNote[];
    /** Its situation reports (where their text lives), oldest first. */
    situationReports?: SituationReport[];
  }>;
  /** Walks the audit chain; may return a result a few seconds old. */
  auditChainStatus(): Promise<AuditChainStatus>;
}
