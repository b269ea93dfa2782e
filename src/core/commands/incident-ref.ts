import type { IncidentSelector } from './command.types.ts';

const REF = /^(?:inc-?)?(?:(\d{4})-)?0*(\d{1,9})$/i;

/** Parses `INC-2026-0042`, `2026-0042`, `#42` or `42`. The number alone identifies an incident. */
export function parseIncidentRef(text: string): IncidentSelector | undefined {
  const match = REF.exec(text.trim().replace(/^#/, ''));
  if (!match) return undefined;
  const number = Number(match[2]);
  return number > 0 ? { number, text: text.trim() } : undefined;
}

/** The readable reference of an incident: INC-<year>-<number, at least 4 digits>. */
export function formatIncidentRef(year: number, number: number): string {
  return `INC-${year}-${String(number).padStart(4, '0')}`;
}
