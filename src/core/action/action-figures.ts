import type { AgencyAction } from './action.types.ts';

type Figures = Pick<AgencyAction, 'state' | 'proposedAt' | 'answeredAt' | 'doneAt' | 'dueAt' | 'escalationLevel' | 'nextEscalationAt'>;

/**
 * The shared rule for figures (issue 13; the SQL of the weekly pack counts the same): an action is open at `t` when
 * it was proposed by then and neither declined nor done by then.
 */
export function actionOpenAt(action: Figures, t: Date): boolean {
  if (action.proposedAt > t) return false;
  if (action.state === 'declined' && action.answeredAt !== null && action.answeredAt <= t) return false;
  return !(action.doneAt !== null && action.doneAt <= t);
}

/**
 * Overdue now: open, and accepted past its due time, or still unanswered past its answer deadline (the next
 * escalation time at level 0; once escalated it is past it by definition). For history, where the answer deadline
 * is not kept, use `actionOverdueInHistory`.
 */
export function actionOverdueNow(action: Figures, now: Date): boolean {
  if (!actionOpenAt(action, now)) return false;
  if (action.state === 'accepted') return action.dueAt !== null && action.dueAt < now;
  if (action.state !== 'proposed') return false;
  return action.escalationLevel > 0 || (action.nextEscalationAt !== null && action.nextEscalationAt < now);
}

/** The simplified rule for past instants: open at `t` with a due time before `t`. */
export function actionOverdueInHistory(action: Figures, t: Date): boolean {
  return actionOpenAt(action, t) && action.dueAt !== null && action.dueAt < t;
}
