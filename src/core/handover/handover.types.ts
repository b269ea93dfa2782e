import type { AgencyState, IncidentStatus } from '../incident/incident.types.ts';
import type { LocalDate } from '../shift/local-time.ts';

/** An incident as the handover note shows it: its state per agency at the time of the handover. */
export interface HandoverIncident {
  incidentId: string;
  ref: string;
  areaId: string;
  categoryId: string;
  severity: number;
  description: string;
  status: IncidentStatus;
  createdAt: string;
  closedAt: string | null;
  agencies: Array<{ agencyId: string; state: AgencyState; escalationLevel: number; deadlineAt: string }>;
}

export interface HandoverNoteEntry {
  ref: string;
  authorId: string;
  at: string;
  text: string;
}

/**
 * What the outgoing shift passes on, compiled when the handover is sent and stored with it (times as ISO strings,
 * so the stored note reads back the same).
 */
export interface HandoverNote {
  /** Open incidents of the roster's agencies and areas, and those closed during the shift. */
  incidents: HandoverIncident[];
  /** Agency parts of the roster's agencies still waiting for acknowledgement. */
  unacknowledged: Array<{ ref: string; agencyId: string; deadlineAt: string; overdue: boolean }>;
  /** Agency parts escalated and still unanswered (1 = backup address, 2 = supervisors). */
  escalations: Array<{ ref: string; agencyId: string; level: number }>;
  /** Notes added to those incidents during the shift. */
  notes: HandoverNoteEntry[];
}

export interface ShiftRef {
  shiftId: string;
  localDate: LocalDate;
  start: Date;
  end: Date;
}

export interface Handover {
  id: string;
  number: number;
  ref: string;
  rosterId: string;
  from: ShiftRef;
  to: ShiftRef;
  authorId: string;
  summary: string;
  note: HandoverNote;
  recipientIds: string[];
  status: 'sent' | 'accepted';
  createdAt: Date;
  acceptDueAt: Date;
  nextCheckAt: Date | null;
  remindedAt: Date | null;
  escalatedAt: Date | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  acceptedLate: boolean;
  questions: string | null;
}

export type NewHandover = Omit<Handover, 'number' | 'ref'>;

/** `HO-0042` */
export function formatHandoverRef(number: number): string {
  return `HO-${String(number).padStart(4, '0')}`;
}

/** `HO-0042`, `ho42`, `42` -> 42. */
export function parseHandoverRef(text: string): number | undefined {
  const match = /^(?:ho-?)?0*(\d{1,9})$/i.exec(text.trim().replace(/^#/, ''));
  return match && Number(match[1]) > 0 ? Number(match[1]) : undefined;
}
