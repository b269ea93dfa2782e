import { parseIncidentRef } from '../commands/incident-ref.ts';

/** Where an action stands: proposed to an agency, then accepted or declined by it; an accepted action is done last. */
export type ActionState = 'proposed' | 'accepted' | 'declined' | 'done';

/** An action an agency is asked to take on an incident (`42/1`: incident 42, its first action). */
export interface AgencyAction {
  id: string;
  incidentId: string;
  /** Numbered per incident from 1. */
  seq: number;
  agencyId: string;
  /** Free text: need to know in chat, erased with the incident. */
  text: string;
  state: ActionState;
  dueAt: Date | null;
  proposedBy: string;
  proposedAt: Date;
  answeredBy: string | null;
  answeredAt: Date | null;
  declineReason: string | null;
  doneBy: string | null;
  doneAt: Date | null;
  doneNote: string | null;
  /** 0 = nobody told yet, 1 = the agency's backup, 2 = the area's supervisors. */
  escalationLevel: number;
  /** An unanswered proposal: its answer deadline; an accepted action: its due time (or later steps); else null. */
  nextEscalationAt: Date | null;
}

/** What the store needs to insert a proposal; `seq` is drawn by the store (next number of the incident). */
export type NewAction = Pick<AgencyAction, 'id' | 'incidentId' | 'agencyId' | 'text' | 'dueAt' | 'proposedBy' | 'proposedAt' | 'nextEscalationAt'>;

export type ActionPatch = Partial<Pick<AgencyAction,
  'state' | 'answeredBy' | 'answeredAt' | 'declineReason' | 'doneBy' | 'doneAt' | 'doneNote' | 'escalationLevel' | 'nextEscalationAt'>>;

/** What an action use case needs to know of its incident (the lead agency is read with it). */
export interface ActionIncident {
  id: string;
  ref: string;
  number: number;
  areaId: string;
  severity: number;
  status: 'open' | 'closed';
  erasedAt: Date | null;
  leadAgencyId: string | null;
}

/** An action as typed: `42/1`, `INC-2026-0042/1`. */
export interface ActionSelector {
  number: number;
  seq: number;
  text: string;
}

/** Parses `<incident>/<seq>`; undefined when it is not one. */
export function parseActionRef(text: string): ActionSelector | undefined {
  const trimmed = text.trim();
  const slash = trimmed.lastIndexOf('/');
  if (slash <= 0) return undefined;
  const incident = parseIncidentRef(trimmed.slice(0, slash));
  const seqText = trimmed.slice(slash + 1);
  if (!incident || !/^\d{1,6}$/.test(seqText) || Number(seqText) < 1) return undefined;
  return { number: incident.number, seq: Number(seqText), text: trimmed };
}

/** The readable reference of an action: `<incident ref>/<seq>`. */
export function formatActionRef(incidentRef: string, seq: number): string {
  return `${incidentRef}/${seq}`;
}
