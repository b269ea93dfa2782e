import type { DigestScope } from '../digest/digest.types.ts';
import type { PackActionCounts, PackTrendCounts } from './pack.types.ts';

/** A window of the trend: an instant range [start, end). */
export interface PackSpan {
  start: Date;
  end: Date;
}

/**
 * What the weekly pack reads besides the digest's rows: the trend weeks' headline figures and the agency actions,
 * each as one grouped query. Reads only.
 */
export interface PackReader {
  /**
   * The headline figures of each span, for consecutive spans oldest first (each starts where the one before ends): incidents registered in it (in the scope's areas, routed to
   * one of its agencies when it names any), those open at its end, and their agency parts answered and missed by the
   * core's rule (`isMiss` in answer-figures.ts: an answer after the deadline, or none once the deadline passed by `asOf`).
   */
  trend(spans: PackSpan[], scope: DigestScope, asOf: Date): Promise<PackTrendCounts[]>;
  /**
   * Open and overdue agency actions at instant `at`, per agency (ordered by agency id), of incidents in the scope's
   * areas (all when it names none) and of its agencies (all when it names none). The rule is the shared one of
   * src/core/action/action-figures.ts (`actionOpenAt`, `actionOverdueInHistory`; grouped by `actionCountsAt`): open =
   * proposed by `at` and neither declined nor done by then; overdue = open with a due time before `at`.
   */
  actionsAt(at: Date, scope: DigestScope): Promise<PackActionCounts[]>;
}
