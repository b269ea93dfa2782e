import { addMinutes } from 'date-fns';
import type { AgencyPart, AgencyState, Incident, IncidentStatus } from '../incident/incident.types.ts';

/** Level reached after each step: 1 = the agency's backup address was told, 2 = the area's supervisors were. */
export const ESCALATED_TO_BACKUP = 1;
export const ESCALATED_TO_SUPERVISORS = 2;

/** Minutes an agency has to answer when its severity names no deadline. Written here once. */
export const DEFAULT_ACK_DEADLINE_MINUTES = 60;

/**
 * Which agency parts are due for their next escalation step, as parameters storage can query by: a part in one of
 * `waitingStates`, of an incident in `incidentStatus`, whose next escalation time is at or before `dueBy`.
 */
export interface EscalationDue {
  waitingStates: AgencyState[];
  incidentStatus: IncidentStatus;
  dueBy: Date;
}

/**
 * The escalation rules: how long an agency has to answer, when a silent agency is due for its next step, and when
 * the step after that comes. Storage asks `due(now)` for the parameters of its query; in-memory code uses `isDue`.
 */
export const escalationPolicy = {
  /** The answer deadline in minutes for a severity's configured deadline (absent: the default). */
  deadlineMinutes(configured: number | undefined): number {
    return configured ?? DEFAULT_ACK_DEADLINE_MINUTES;
  },

  /** The deadline of a part notified at `from`: also its first escalation time. */
  deadlineAt(from: Date, configured: number | undefined): Date {
    return addMinutes(from, escalationPolicy.deadlineMinutes(configured));
  },

  /** Parts still waiting for an answer on an open incident, past their next escalation time. */
  due(now: Date): EscalationDue {
    return { waitingStates: ['notified'], incidentStatus: 'open', dueBy: now };
  },

  /** The same rule for one part, for code that holds incidents in memory. */
  isDue(incident: Pick<Incident, 'status'>, part: Pick<AgencyPart, 'state' | 'nextEscalationAt'>, now: Date): boolean {
    const due = escalationPolicy.due(now);
    return due.waitingStates.includes(part.state) && incident.status === due.incidentStatus
      && part.nextEscalationAt !== null && part.nextEscalationAt.getTime() <= due.dueBy.getTime();
  },

  /** When the step after reaching `level` is due: one deadline after a backup was told; never after supervisors. */
  nextEscalationAt(level: number, now: Date, configured: number | undefined): Date | null {
    return level === ESCALATED_TO_BACKUP ? escalationPolicy.deadlineAt(now, configured) : null;
  },
};
