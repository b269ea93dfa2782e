import { actionOpenAt, actionOverdueInHistory } from '../action/action-figures.ts';
import type { AgencyAction } from '../action/action.types.ts';
import type { PackActionCounts } from './pack.types.ts';

/** What the counts need of an action (a row of `agency_action`). */
export type ActionSample = Pick<AgencyAction, 'agencyId' | 'state' | 'proposedAt' | 'answeredAt' | 'doneAt' | 'dueAt' | 'escalationLevel' | 'nextEscalationAt'>;

/**
 * Open and overdue actions per agency at a past instant `at`, by the shared rule of src/core/action/action-figures.ts
 * (`actionOpenAt`, and `actionOverdueInHistory`: the answer deadline of a proposal is not kept in history). Ordered by
 * agency id; agencies without open actions are left out. `PackReader.actionsAt` counts the same in SQL, and a test
 * holds the two side by side on the same rows.
 */
export function actionCountsAt(actions: ActionSample[], at: Date): PackActionCounts[] {
  const byAgency = new Map<string, PackActionCounts>();
  for (const action of actions) {
    if (!actionOpenAt(action, at)) continue;
    const row = byAgency.get(action.agencyId) ?? { agencyId: action.agencyId, open: 0, overdue: 0 };
    row.open += 1;
    if (actionOverdueInHistory(action, at)) row.overdue += 1;
    byAgency.set(action.agencyId, row);
  }
  return [...byAgency.values()].sort((a, b) => (a.agencyId < b.agencyId ? -1 : a.agencyId > b.agencyId ? 1 : 0));
}
