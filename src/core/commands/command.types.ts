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

/**
 * Every command, from every platform, after parsing. Slash-command text, Teams messages, card and modal
 * submissions and button clicks all end up here.
 */
export type Command =
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
  | { kind: 'incident.list'; areaId?: string }
  | { kind: 'help' }
  | ExtensionCommand;

/** Commands of later domains (shift, handover, digest), parsed by registered extensions. */
export interface ExtensionCommand {
  kind: `ext.${string}`;
  args: string[];
  raw: string;
  /** Set when the command came from a button (`ext.<domain>.<verb>`): the verb, the reference and any reason typed. */
  action?: { verb: string; ref: string; reason?: string };
}

export type CommandKind = Command['kind'];
