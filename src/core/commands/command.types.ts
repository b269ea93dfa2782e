import type { LocalDate } from '../shift/local-time.ts';
import type { Locale } from '../shared/platform.types.ts';

/** Incident reference as typed: `INC-2026-0042`, `2026-0042` or `42`. Resolved to a number by the parser. */
export interface IncidentSelector {
  number: number;
  text: string;
}

export interface RegisterIncidentCommand {
  kind: 'incident.register';
  areaId: string;
  categoryId: string;
  severity: number;
  description: string;
  sensitiveDetails?: string;
}

/** Incident commands: report, answer, note, close, query, legal hold. */
export type IncidentCommand =
  | RegisterIncidentCommand
  | { kind: 'incident.form' }
  | { kind: 'incident.ack'; incident: IncidentSelector; agencyId?: string }
  | { kind: 'incident.responding'; incident: IncidentSelector; agencyId?: string }
  | { kind: 'incident.decline'; incident: IncidentSelector; reason: string; agencyId?: string }
  | { kind: 'incident.note'; incident: IncidentSelector; text: string }
  | { kind: 'incident.close'; incident: IncidentSelector; text?: string }
  | { kind: 'incident.reopen'; incident: IncidentSelector; text?: string }
  | { kind: 'incident.status'; incident: IncidentSelector }
  /** Legal hold: keeps the retention rules away from the incident until released. */
  | { kind: 'incident.hold'; incident: IncidentSelector }
  | { kind: 'incident.release'; incident: IncidentSelector }
  | { kind: 'incident.list'; areaId?: string };

/** A one-day change to a roster (admins): a swap of two people, or one person added or removed. */
export interface RosterOverrideCommand {
  kind: 'shift.override';
  edit: 'swap' | 'add' | 'remove';
  /** Roster and shift as typed; rosters live in the store, so the use case resolves them. */
  roster: string;
  shift: string;
  date: LocalDate;
  /** The person added or removed; for a swap the one going out. */
  personId: string;
  /** For a swap: the one coming in. */
  incomingId?: string;
}

/** Shift and on-duty commands. Roster and shift names are references the use case resolves against the store. */
export type ShiftCommand =
  | { kind: 'shift.who'; target?: { areaId: string } | { agencyId: string } }
  | { kind: 'shift.plan'; rosters: string[]; date?: LocalDate }
  | { kind: 'shift.rosters' }
  | { kind: 'shift.on'; personId: string; until?: string }
  | { kind: 'shift.off'; personId: string }
  | RosterOverrideCommand
  | { kind: 'shift.assign'; roster: string; shift: string; personId: string; weekdays: number[] }
  | { kind: 'shift.unassign'; roster: string; shift: string; personId: string };

/** Handover commands. */
export type HandoverCommand =
  /**
   * The outgoing shift's note: shown as a draft without a summary, sent with one. The first word of `text` names a
   * roster when a roster has that name (rosters live in the store, so the use case decides).
   */
  | { kind: 'handover.send'; text: string }
  /** Accepts a handover (`HO-0042` as typed), with questions when given. */
  | { kind: 'handover.accept'; handover: string; questions?: string }
  | { kind: 'handover.list' }
  | { kind: 'handover.timeline'; incident: IncidentSelector };

/** Which day, area, agency and language a digest is about; empty lists mean the person's own scope. */
export interface DigestQuery {
  date?: LocalDate;
  areaIds: string[];
  agencyIds: string[];
  locale?: Locale;
}

/** Digest commands. */
export type DigestCommand =
  | ({ kind: 'digest.show' } & DigestQuery)
  | ({ kind: 'digest.subscribe'; time?: string } & Omit<DigestQuery, 'date'>)
  | { kind: 'digest.unsubscribe'; subscriptionId?: string }
  | { kind: 'digest.subscriptions' };

// --- Weekly pack (issue 13, pack) ---
/** Weekly pack commands: on request, and a weekly send on a weekday and time (stored as a digest subscription of kind `pack`). */
export type PackCommand =
  /** `pack [area] [week]`: the area's pack (default: the person's first area, the last whole week); week as `2026-W48`. */
  | { kind: 'pack.show'; areaId?: string; week?: string; locale?: Locale }
  | { kind: 'pack.subscribe'; areaId?: string; weekday: number; time: string; locale?: Locale }
  | { kind: 'pack.unsubscribe'; subscriptionId?: string }
  | { kind: 'pack.subscriptions' };
// --- end weekly pack ---
/** Lead agency and situation reports (`lead`, `sitrep`). */
export type LeadCommand =
  /** Sets or changes the agency that leads the work on the incident (one of the agencies taking part). */
  | { kind: 'incident.lead'; incident: IncidentSelector; agencyId: string }
  /** The lead agency's structured update; any of the three may be empty, not all. */
  | { kind: 'incident.sitrep'; incident: IncidentSelector; situation: string; actions: string; needs: string };

/**
 * Every command, from every platform, after parsing. Slash-command text, Teams messages, card and modal
 * submissions and button clicks all end up here, through one parser (parse-command.ts and its table).
 */
export type Command = IncidentCommand | ShiftCommand | HandoverCommand | DigestCommand | { kind: 'help' }
  | PackCommand
  | LeadCommand
  | ActionCommand;

export type CommandKind = Command['kind'];

// Agency actions (issue 13)
/** An action as typed (`42/1`); the use case resolves it. */
export interface ActionSelectorArg {
  number: number;
  seq: number;
  text: string;
}

/** Agency actions: a proposal for an agency, the agency's answer, and done. */
export type ActionCommand =
  | { kind: 'action.propose'; incident: IncidentSelector; agencyId: string; text: string; dueAt?: Date }
  | { kind: 'action.accept'; action: ActionSelectorArg }
  | { kind: 'action.decline'; action: ActionSelectorArg; reason: string }
  | { kind: 'action.done'; action: ActionSelectorArg; note?: string };
