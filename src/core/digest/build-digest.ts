import type { RosterSnapshot } from '../shift/shift.types.ts';
import { instancesBetween } from '../shift/shift-instances.ts';
import { rosteredPeople } from '../shift/resolve-on-duty.ts';
import { localDayWindow, type LocalDate } from '../shift/local-time.ts';
import type { DigestReader } from './digest.port.ts';
import { answerFigures } from '../incident/answer-figures.ts';
import type { DigestData, DigestHandoverRow, DigestScope, DigestWindow, HandoverCounts } from './digest.types.ts';

/** A handover sent more than this after its shift ended counts as late, as does one accepted after its deadline. */
export const HANDOVER_SEND_GRACE_MS = 15 * 60_000;

/** The local day as a window: midnight to midnight in the deployment's zone (23 or 25 hours on DST days). */
export function digestWindow(date: LocalDate, timeZone: string): DigestWindow {
  return { date, ...localDayWindow(date, timeZone) };
}

/**
 * Handovers of the shifts that ended in the window (and before `now`) with someone rostered on them: on time, late
 * (sent after the grace or accepted after the deadline), not accepted, or missing (no handover at all).
 */
export function countHandovers(
  snapshot: RosterSnapshot, scope: DigestScope, window: DigestWindow, rows: DigestHandoverRow[], now: Date, timeZone: string,
): HandoverCounts {
  const expected = snapshot.rosters.filter((r) => scope.rosterIds.includes(r.id)).flatMap((roster) =>
    instancesBetween(roster, window.start, window.end, timeZone)
      .filter((i) => i.end > window.start && i.end <= window.end && i.end <= now && rosteredPeople(snapshot, roster, i).length > 0)
      .map((i) => `${roster.id}|${i.shift.id}|${i.localDate}`));
  const counts: HandoverCounts = { expected: expected.length, onTime: 0, late: 0, notAccepted: 0, missing: 0 };
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(`${row.rosterId}|${row.shiftId}|${row.localDate}`);
    if (row.status === 'sent') counts.notAccepted += 1;
    else if (row.acceptedLate || row.createdAt.getTime() > row.fromEnd.getTime() + HANDOVER_SEND_GRACE_MS) counts.late += 1;
    else counts.onTime += 1;
  }
  counts.missing = expected.filter((key) => !seen.has(key)).length;
  return counts;
}

/**
 * Computes a digest for one local day and scope. `now` decides which shifts should have been handed over yet and which
 * unanswered agencies are past their deadline.
 */
export async function buildDigest(
  reader: DigestReader, snapshot: RosterSnapshot, scope: DigestScope, date: LocalDate, timeZone: string, now: Date,
): Promise<DigestData> {
  const window = digestWindow(date, timeZone);
  const { answers, ...rows } = await reader.rows(window, scope);
  const figures = { ...rows, ack: answerFigures(answers, now) };
  return { window, figures, handovers: countHandovers(snapshot, scope, window, figures.handovers, now, timeZone) };
}
