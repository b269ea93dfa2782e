/**
 * Fan-out latency: from `service.handle` of a registration to the moment the chat platform accepted the last of its
 * 30 notifications, through the durable outbox (rows, DeliveryWorker claim, send, recorded outcome). The platform is
 * MemoryPlatform with 50 ms per call. The worker is woken by the core (`deps.delivery.wake()`), as in the app.
 *
 *   npx tsx bench/fan-out.mts            (SAMBAND_BENCH_FANOUT_RUNS=30 registrations per worker setting)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createBenchDatabase, composeCore } from './lib/bench-database.ts';
import { writeFanOutConfig } from './lib/fan-out-config.ts';
import { markdownTable, ms, percentile } from './lib/stats.ts';
import { loadLine, machineLine, saveBenchResult } from './lib/machine.ts';
import { MemoryPlatform, memoryPlatformAs } from '../adapters/memory/memory-platform.ts';
import { DeliveryWorker } from '../src/infra/delivery/delivery-worker.ts';
import { systemClock } from '../src/core/ports/clock.port.ts';
import type { DeliveryWakeup } from '../src/core/kernel/core-deps.ts';

const RUNS = Number(process.env.SAMBAND_BENCH_FANOUT_RUNS ?? 30);
const LATENCY_MS = 50;
const TEXT = '/incident Rinkeby 2 stenkastning mot buss';
/** Worker settings to compare: the app's defaults first. */
const SETTINGS = [
  { label: 'defaults (concurrency 10, batch 50)', concurrency: undefined, batchSize: undefined },
  { label: 'concurrency 30', concurrency: 30, batchSize: undefined },
];

const dir = mkdtempSync(join(tmpdir(), 'samband-fanout-'));
const bench = await createBenchDatabase('fan_out');
const guard = setTimeout(() => { console.error('fan-out bench: time limit reached'); process.exit(2); }, 150_000);
try {
  const loadBefore = loadLine();
  let current: DeliveryWakeup | undefined;
  const core = await composeCore(bench.db, { configPath: writeFanOutConfig(dir), delivery: { wake: () => current?.wake() } });

  const rows: Array<Array<string | number>> = [];
  const results: Record<string, unknown> = {};
  for (const setting of SETTINGS) {
    // Arrival time of each accepted message per incident, on the monotonic clock.
    const arrivals = new Map<string, number[]>();
    const inner = new MemoryPlatform({ latencyMs: LATENCY_MS });
    const web = memoryPlatformAs('web', inner);
    const platform = {
      ...web,
      async send(...args: Parameters<typeof web.send>) {
        const sent = await web.send(...args);
        const ref = args[1].incidentRef ?? '';
        arrivals.set(ref, [...(arrivals.get(ref) ?? []), performance.now()]);
        return sent;
      },
    };
    const worker = new DeliveryWorker(bench.db, {
      clock: systemClock, platforms: new Map([['web', platform]]), concurrency: setting.concurrency, batchSize: setting.batchSize,
    });
    current = worker;
    worker.start();

    const totals: number[] = [];
    const firsts: number[] = [];
    for (let run = -3; run < RUNS; run++) { // three warm-up runs
      const t0 = performance.now();
      const key = randomUUID();
      const outcome = await core.service.handle({ platform: 'web', workspace: '', userId: 'anna.lind', requestId: key, requestKey: key, input: { type: 'text', text: TEXT } });
      const ref = outcome.incident!.ref;
      const until = t0 + 10_000;
      while ((arrivals.get(ref)?.length ?? 0) < 30) {
        if (performance.now() > until) throw new Error(`${ref}: only ${arrivals.get(ref)?.length ?? 0} of 30 delivered after 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const got = arrivals.get(ref)!;
      if (run >= 0) {
        totals.push(Math.max(...got) - t0);
        firsts.push(Math.min(...got) - t0);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await worker.stop();
    const count = await bench.db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM notification WHERE status <> 'sent'`);
    if (count[0].n !== 0) throw new Error(`${count[0].n} notifications not sent`);
    const sorted = [...totals].sort((a, b) => a - b);
    const firstSorted = [...firsts].sort((a, b) => a - b);
    rows.push([setting.label, RUNS, ms(percentile(firstSorted, 50)), ms(percentile(sorted, 50)), ms(percentile(sorted, 95)), ms(sorted.at(-1)!),
      percentile(sorted, 95) < 500 ? 'met' : 'NOT met']);
    results[setting.label] = { runs: RUNS, firstP50: percentile(firstSorted, 50), p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) };
    console.log(`${setting.label}: p50 ${ms(percentile(sorted, 50))} ms, p95 ${ms(percentile(sorted, 95))} ms`);
  }
  const table = markdownTable(['worker', 'registrations', 'first delivered p50 ms', 'last of 30 p50 ms', 'last of 30 p95 ms', 'max ms', 'p95 < 500 ms'], rows);
  console.log(`\n${machineLine()}\n${loadBefore} at start, ${loadLine()} at end\n30 notifications per registration, ${LATENCY_MS} ms per send\n\n${table}`);
  saveBenchResult('fan-out', { load: [loadBefore, loadLine()], results });
} finally {
  clearTimeout(guard);
  await bench.destroy();
  rmSync(dir, { recursive: true, force: true });
}
