import { afterEach, describe, expect, it, vi } from 'vitest';
import { OutcomeBacklog } from '../../src/infra/delivery/outcome-backlog.ts';
import type { RecordedOutcome } from '../../src/infra/delivery/outbox-queries.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';

// The graceful stop's end (OutcomeBacklog.drain): a write under way when the budget runs out is waited for, and no
// write is tried after. Fake timers, so the retry timer's turns are moved by hand; the database is a write function
// whose answers the test gives (the worker's own tests run the backlog against PGlite and PostgreSQL).

/** A kept outcome: the backlog reads only the notification id and the outcome's kind. */
function sentOutcome(id: string): RecordedOutcome {
  const at = new Date('2026-11-29T12:00:00Z');
  return {
    claimed: { id } as RecordedOutcome['claimed'],
    outcome: { kind: 'sent', messageId: `C0POLICE/${id}` },
    at,
    audit: { at, actorId: 'worker-test', action: 'notification.delivered', subjectType: 'notification', subjectId: id, platform: 'system' },
  };
}

/** A write the test answers by hand, one call at a time. */
function manualWrites() {
  const calls: Array<{ resolve: (ids: Set<string>) => void; reject: (error: Error) => void }> = [];
  const write = () => new Promise<Set<string>>((resolve, reject) => { calls.push({ resolve, reject }); });
  return { write, calls };
}

describe('the outcome backlog at a graceful stop', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('waits for a write under way when the budget ends, and reports the outcome unrecorded only if that write failed', async () => {
    vi.useFakeTimers();
    const writes = manualWrites();
    const backlog = new OutcomeBacklog({ write: writes.write, log: silentLogger, firstDelayMs: 100 });
    backlog.keep(sentOutcome('n1'));
    await vi.advanceTimersByTimeAsync(100); // the retry timer starts a write
    expect(writes.calls).toHaveLength(1);

    let left: RecordedOutcome[] | undefined;
    const drained = backlog.drain(0).then((items) => { left = items; });
    await vi.advanceTimersByTimeAsync(0);
    expect(left).toBeUndefined(); // still waiting on the write

    writes.calls[0].reject(new Error('database unavailable'));
    await drained;
    expect(left?.map((item) => item.claimed.id)).toEqual(['n1']);
    expect(backlog.ids).toEqual(['n1']);

    // Nothing is tried after the stop, however long the process lives on.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(writes.calls).toHaveLength(1);
  });

  it('counts a write that succeeds after the budget as recorded', async () => {
    vi.useFakeTimers();
    const writes = manualWrites();
    const backlog = new OutcomeBacklog({ write: writes.write, log: silentLogger, firstDelayMs: 100 });
    backlog.keep(sentOutcome('n2'));
    await vi.advanceTimersByTimeAsync(100);
    const drained = backlog.drain(0);
    writes.calls[0].resolve(new Set(['n2']));
    expect(await drained).toEqual([]);
    expect(backlog.ids).toEqual([]);
  });

  it('tries again after a new outcome is kept, once the stop is over', async () => {
    vi.useFakeTimers();
    const writes = manualWrites();
    const backlog = new OutcomeBacklog({ write: writes.write, log: silentLogger, firstDelayMs: 100 });
    expect(await backlog.drain(0)).toEqual([]);
    backlog.keep(sentOutcome('n3'));
    await vi.advanceTimersByTimeAsync(100);
    expect(writes.calls).toHaveLength(1);
    writes.calls[0].resolve(new Set(['n3']));
    await vi.advanceTimersByTimeAsync(0);
    expect(backlog.ids).toEqual([]);
  });
});
