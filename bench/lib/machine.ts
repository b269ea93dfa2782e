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
