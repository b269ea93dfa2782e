import { vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `samband <args>` in this process, as the command line would (same `main`, same exit code), with `env` as the
 * only Samband settings (SAMBAND_* and DATABASE_URL of the test process are hidden) and what it prints captured.
 * Spawning `bin/samband.mjs` costs seconds of start-up per call; test/cli/cli.test.ts keeps one spawn as a smoke test.
 */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('SAMBAND_') || key === 'DATABASE_URL') delete process.env[key];
  Object.assign(process.env, { SAMBAND_LOG_LEVEL: 'error', ...env });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (into: string[]) => ((chunk: string | Uint8Array) => { into.push(String(chunk)); return true; }) as typeof process.stdout.write;
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr));
  try {
    const code = await main(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
