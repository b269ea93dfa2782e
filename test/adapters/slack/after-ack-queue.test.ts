import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AfterAckQueue } from '../../../adapters/slack/after-ack-queue.ts';

const logger = { log: () => undefined };

/** Work items that wait until released, recording how many ran at once. */
function gate() {
  let running = 0;
  let peak = 0;
  const releases: Array<() => void> = [];
  const item = () => async () => {
    running += 1;
    peak = Math.max(peak, running);
    await new Promise<void>((resolve) => releases.push(resolve));
    running -= 1;
  };
  return { item, peak: () => peak, release: () => releases.splice(0).forEach((r) => r()), waiting: () => releases.length };
}

describe('work after the ack', () => {
  // The queue's gaps and its setImmediate run on a clock the test moves: no test waits for real time to pass.
  beforeEach(() => { vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'Date'] }); });
  afterEach(() => { vi.useRealTimers(); });

  it('runs each request key once', async () => {
    const queue = new AfterAckQueue({ logger });
    let runs = 0;
    expect(queue.submit('trigger-1', async () => { runs += 1; })).toBe(true);
    expect(queue.submit('trigger-1', async () => { runs += 1; })).toBe(false);
    const drained = queue.drain();
    await vi.advanceTimersByTimeAsync(0);
    await drained;
    expect(runs).toBe(1);
  });

  it('yields to requests awaiting their ack, then catches up four at a time', async () => {
    let busy = true;
    const g = gate();
    const queue = new AfterAckQueue({ logger, busy: () => busy, busyGapMs: 10 });
    for (let i = 0; i < 8; i += 1) queue.submit(`k${i}`, g.item());
    // Six busy gaps pass: one item runs, and while it runs no other starts.
    await vi.advanceTimersByTimeAsync(60);
    expect(g.peak()).toBe(1);
    expect(g.waiting()).toBe(1);
    busy = false;
    queue.pump();
    await vi.advanceTimersByTimeAsync(0);
    expect(g.waiting()).toBe(4);
    const drained = queue.drain();
    for (let i = 0; i < 8 && queue.pending > 0; i += 1) {
      g.release();
      await vi.advanceTimersByTimeAsync(0);
    }
    await drained;
    expect(queue.pending).toBe(0);
    expect(g.peak()).toBe(4);
  });

  it('starts urgent work (opening a modal) at once, even during a burst', async () => {
    const g = gate();
    const queue = new AfterAckQueue({ logger, busy: () => true, busyGapMs: 10_000 });
    queue.submit('a', g.item());
    queue.submit('b', g.item());
    queue.submit('modal', g.item(), true);
    await vi.advanceTimersByTimeAsync(20);
    expect(g.waiting()).toBe(2);
    g.release();
  });
});
