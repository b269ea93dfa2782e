import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/** One line about where a benchmark ran, for its results. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}, ${new Date().toISOString()}`;
}

/** The 1-minute load average: other work on the machine skews every figure, so each result states it. */
export function loadLine(): string {
  return `load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min)`;
}

/** Writes a benchmark's figures to `.tmp/bench/<name>.json` (git ignores it), with the time and the machine first. */
export function saveBenchResult(name: string, figures: Record<string, unknown>): void {
  const folder = new URL('../../.tmp/bench/', import.meta.url);
  mkdirSync(folder, { recursive: true });
  writeFileSync(new URL(`${name}.json`, folder), `${JSON.stringify({ at: new Date().toISOString(), machine: machineLine(), ...figures }, null, 2)}\n`);
}
