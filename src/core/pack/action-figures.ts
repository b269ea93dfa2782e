import type { PackActionCounts } from './pack.types.ts';

/** What the rule needs of one agency action (a row of `agency_action`). */
export interface ActionSample {
  agencyId: string;
  state: 'proposed' | 'accepted' | 'declined' | 'done';
  proposedAt: Date;
  answeredAt: Date | null;
  doneAt: Date | null;
  dueAt: Date | null;
}

/**
 * Open at `at`: proposed by then, and neither declined (declined and answered by then) nor done by then. The same rule
 * as the SQL of `PackReader.actionsAt`, which a test holds against this one on the same rows.
 */
export function isOpenAt(action: ActionSample, at: Date): boolean {
  const t = at.getTime();
  if (action.proposedAt.getTime() > t) return false;
  if (action.state === 'declined' && action.answeredAt !== null && action.answeredAt.getTime() <= t) return false;
  return !(action.doneAt !== null && action.doneAt.getTime() <= t);
}

/**
 * Overdue at `at`: open, with a due time before `at`. For history this is the simplified rule agreed for issue 13:
 * an unanswered proposal past its answer deadline is not counted unless it has a due time that passed.
 */
export function isOverdueAt(action: ActionSample, at: Date): boolean {
  return isOpenAt(action, at) && action.dueAt !== null && action.dueAt.getTime() < at.getTime();
}

/** Open and overdue actions per agency at `at`, ordered by agency id; agencies without open actions are left out. */
export function actionFiguresAt(actions: ActionSample[], at: Date): PackActionCounts[] {
  const byAgency = new Map<string, PackActionCounts>();
  for (const action of actions) {
    if (!isOpenAt(action, at)) continue;
    const row = byAgency.get(action.agencyId) ?? { agencyId: action.agencyId, open: 0, overdue: 0 };
    row.open += 1;
    if (isOverdueAt(action, at)) row.overdue += 1;
    byAgency.set(action.agencyId, row);
  }
  return [...byAgency.values()].sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));
}
