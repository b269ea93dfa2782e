import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { ShiftStore } from '../shift/shift.port.ts';
import type { Roster, ShiftInstance } from '../shift/shift.types.ts';
import type { HandoverStore } from './handover.port.ts';
import type { ShiftRef } from './handover.types.ts';
import { shiftInstance } from '../shift/shift-instances.ts';

/** What the handover use cases need beyond the coordination core's dependencies. */
export interface HandoverContext {
  shifts: ShiftStore;
  handovers: HandoverStore;
}

/** Every area at or below the roster's areas. */
export function rosterAreaIds(directory: Directory, roster: Roster): string[] {
  return directory.allAreas().filter((a) => roster.areaIds.some((scope) => directory.areaWithin(a.id, scope))).map((a) => a.id);
}

/** Supervisors whose scope covers one of the roster's areas. */
export function rosterSupervisors(directory: Directory, roster: Roster): Person[] {
  const found = new Map<string, Person>();
  for (const areaId of roster.areaIds) for (const p of directory.supervisorsOf(areaId)) found.set(p.id, p);
  return [...found.values()];
}

export function toShiftRef(instance: ShiftInstance): ShiftRef {
  return { shiftId: instance.shift.id, localDate: instance.localDate, start: instance.start, end: instance.end };
}

/** The roster's instance a stored shift reference names (for re-resolving who is on it now). */
export function instanceOf(roster: Roster, ref: ShiftRef, timeZone: string): ShiftInstance | undefined {
  const shift = roster.shifts.find((s) => s.id === ref.shiftId);
  return shift ? shiftInstance(roster, shift, ref.localDate, timeZone) : undefined;
}
