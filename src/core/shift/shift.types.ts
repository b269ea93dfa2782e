import type { LocalizedName } from '../directory/directory.types.ts';
import type { LocalDate } from './local-time.ts';

/** One shift of a roster's daily pattern, in local wall-clock time; an end at or before the start is the next day. */
export interface RosterShift {
  id: string;
  name: LocalizedName;
  starts: string;
  ends: string;
}

/** Who works a shift by default: on the ISO weekdays listed (empty = every day), between two dates (inclusive). */
export interface RosterAssignment {
  id: string;
  shiftId: string;
  personId: string;
  weekdays: number[];
  validFrom: LocalDate | null;
  validUntil: LocalDate | null;
  source: 'config' | 'admin';
}

/**
 * A roster: the agencies (one, or a joint group) that cover some areas around the clock, their shift pattern and
 * who works which shift. People of several agencies may share a joint roster; each counts for their own agency.
 */
export interface Roster {
  id: string;
  name: LocalizedName;
  agencyIds: string[];
  areaIds: string[];
  /** Minutes the incoming shift has to accept a handover before a reminder (and again before supervisors hear). */
  acceptMinutes: number;
  /** Minutes before a shift ends that its people are reminded to start the handover. */
  reminderMinutes: number;
  shifts: RosterShift[];
  assignments: RosterAssignment[];
  source: 'config' | 'admin';
}

/** One person added to or removed from one shift on one day. A swap is a removal and an addition. */
export interface RosterOverride {
  id: string;
  rosterId: string;
  shiftId: string;
  localDate: LocalDate;
  personId: string;
  change: 'add' | 'remove';
  createdAt: Date;
}

/** Duty outside the plan: `on` (started) or `off` (ended) over [startsAt, endsAt). */
export interface DutySession {
  id: string;
  personId: string;
  state: 'on' | 'off';
  /** Areas covered while on; empty means every area. */
  areaIds: string[];
  startsAt: Date;
  endsAt: Date;
}

/** Everything on-duty resolution needs, read at once so it can run without touching storage. */
export interface RosterSnapshot {
  rosters: Roster[];
  overrides: RosterOverride[];
  sessions: DutySession[];
}

/** One concrete shift: a roster's shift on a local date, as an instant range [start, end). */
export interface ShiftInstance {
  rosterId: string;
  shift: RosterShift;
  /** The local date the shift starts on; with the roster and shift it names the shift. */
  localDate: LocalDate;
  start: Date;
  end: Date;
}
