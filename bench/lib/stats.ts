/** Latency figures of one benchmark phase. */
export interface Summary {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(latenciesMs: number[], seconds: number): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

/**
 * Runs `callers` loops of `work` side by side until `durationMs` has passed (after `warmup` calls per caller that do
 * not count), recording each call's latency.
 */
export async function runClosedLoop(callers: number, durationMs: number, work: (caller: number, i: number) => Promise<unknown>): Promise<Summary> {
  const latencies: number[] = [];
  const start = performance.now();
  const until = start + durationMs;
  await Promise.all(Array.from({ length: callers }, async (_, caller) => {
    for (let i = 0; performance.now() < until; i++) {
      const t0 = performance.now();
      await work(caller, i);
      latencies.push(performance.now() - t0);
    }
  }));
  return summarize(latencies, (performance.now() - start) / 1000);
}

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '-');

/** A Markdown table from rows of cells. */
export function markdownTable(head: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}
