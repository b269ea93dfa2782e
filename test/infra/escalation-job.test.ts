import { describe, expect, it } from 'vitest';
import { escalationJob } from '../../src/infra/schedule/escalation.job.ts';
import type { Logger } from '../../src/infra/log/logger.ts';

function recordingLogger(lines: Array<[string, string, Record<string, unknown> | undefined]>): Logger {
  const logger: Logger = { log: (level, event, fields) => { lines.push([level, event, fields]); }, child: () => logger };
  return logger;
}

describe('escalation job', () => {
  it('never runs a second pass while one is under way, and runs again once it is done', async () => {
    let passes = 0;
    let finish: (steps: number) => void = () => undefined;
    const job = escalationJob(() => { passes += 1; return new Promise<number>((resolve) => { finish = resolve; }); }, 60_000, recordingLogger([]));
    const first = job.runOnce();
    const second = job.runOnce(); // a tick while the first pass still runs
    expect(passes).toBe(1);
    finish(3);
    expect(await first).toBe(3);
    expect(await second).toBe(3);
    const third = job.runOnce();
    expect(passes).toBe(2);
    finish(0);
    expect(await third).toBe(0);
  });

  it('logs a failed pass as escalation.failed and is ready for the next one', async () => {
    const lines: Array<[string, string, Record<string, unknown> | undefined]> = [];
    let fail = true;
    const job = escalationJob(async () => { if (fail) throw new Error('database away'); return 2; }, 60_000, recordingLogger(lines));
    const timer = job.start(); // the first pass runs at start
    clearInterval(timer);
    await expect.poll(() => lines.map(([level, event]) => `${level} ${event}`)).toEqual(['error escalation.failed']);
    expect(lines[0][2]).toEqual({ error: 'database away' });
    fail = false;
    expect(await job.runOnce()).toBe(2);
  });
});
