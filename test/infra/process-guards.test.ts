import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../fixtures/process/guarded-process.mjs', import.meta.url));

/** Runs the guarded process in one failure mode; its stderr holds the JSON log lines. */
function run(mode: string) {
  const result = spawnSync(process.execPath, [SCRIPT, mode], { encoding: 'utf8', timeout: 30_000, env: { PATH: process.env.PATH, SAMBAND_LOG_LEVEL: 'info' } });
  const lines = result.stderr.split('\n').filter(Boolean);
  const logs = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status: result.status, stdout: result.stdout, lines, logs };
}

describe('process guards (samband start)', () => {
  it('logs an unhandled rejection as one JSON line and keeps running', () => {
    const { status, stdout, logs } = run('rejection');
    expect(stdout).toBe('alive\n');
    expect(status).toBe(0);
    expect(logs).toEqual([expect.objectContaining({
      level: 'error', event: 'process.unhandled_rejection', action: 'continue', errorName: 'Error', error: 'listener failed for request 42',
    })]);
    const stack = logs[0].stack as string[];
    expect(stack.length).toBeGreaterThan(0);
    expect(stack.every((frame) => frame.startsWith('at '))).toBe(true);
  });

  it('survives an uncaught connection error of one socket', () => {
    const { status, stdout, logs } = run('connection-reset');
    expect(stdout).toBe('alive\n');
    expect(status).toBe(0);
    expect(logs).toEqual([expect.objectContaining({ level: 'warn', event: 'process.uncaught_exception', code: 'ECONNRESET', action: 'continue' })]);
  });

  it('on any other uncaught exception logs it, closes gracefully and exits 1 for the supervisor to restart', () => {
    const { status, stdout, logs, lines } = run('bug');
    expect(status).toBe(1);
    expect(stdout).toBe('closed\n');
    expect(logs).toEqual([expect.objectContaining({ level: 'error', event: 'process.uncaught_exception', errorName: 'TypeError', action: 'exit' })]);
    // One JSON line, not Node's own multi-line report with the source excerpt.
    expect(lines).toHaveLength(1);
  });
});
