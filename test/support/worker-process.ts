/**
 * A delivery worker in a process of its own, for the multi-process delivery tests. The parent forks it with
 * `forkWorker` (test/delivery/delivery-helpers.ts); it opens the database named by SAMBAND_WORKER_DB, runs one
 * DeliveryWorker with a `memory` platform that appends one line per accepted send or update to SAMBAND_WORKER_RECORD:
 *
 *   <kind> <idempotencyKey> <workerId> <platformMessageId> <repeat|->
 *
 * (`repeat`: sent marked as possibly repeating an earlier message). The platform cannot look messages up, as Teams.
 * The line is written synchronously once the (slow) platform accepted the message, so a SIGKILL leaves either a whole
 * line or none. It answers `{type:'ready'}` over IPC once claiming, and stops gracefully on `{type:'stop'}`.
 */
import { appendFileSync } from 'node:fs';
import { openDatabase } from '../../src/infra/db/database.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import { DeliveryWorker } from '../../src/infra/delivery/delivery-worker.ts';
import { exponentialBackoff } from '../../src/infra/delivery/retry-policy.ts';
import { systemClock } from '../../src/core/ports/clock.port.ts';
import type { ChatPlatform } from '../../src/core/ports/chat-platform.port.ts';
import { MemoryPlatform } from '../../adapters/memory/memory-platform.ts';

const env = process.env;
const number = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
const workerId = env.SAMBAND_WORKER_ID ?? `proc-${process.pid}`;
const recordFile = env.SAMBAND_WORKER_RECORD;
if (!env.SAMBAND_WORKER_DB || !recordFile) throw new Error('SAMBAND_WORKER_DB and SAMBAND_WORKER_RECORD are required');

const db = await openDatabase({ databaseUrl: env.SAMBAND_WORKER_DB, poolSize: 4 });
const inner = new MemoryPlatform({ latencyMs: number('SAMBAND_WORKER_LATENCY_MS', 0) });
const record = (kind: string, key: string, messageId: string, repeat = false) =>
  appendFileSync(recordFile, `${kind} ${key} ${workerId} ${messageId} ${repeat ? 'repeat' : '-'}\n`);
const platform: ChatPlatform = {
  name: 'memory',
  async send(address, message, options) {
    const sent = await inner.send(address, message, options);
    record('send', options.idempotencyKey, sent.messageId, options.possibleRepeat);
    return sent;
  },
  async update(address, messageId, message, options) {
    await inner.update(address, messageId, message, options);
    record('update', options.idempotencyKey, messageId);
  },
};

const worker = new DeliveryWorker(db, {
  workerId,
  clock: systemClock,
  platforms: new Map([['memory', platform]]),
  retry: exponentialBackoff({ baseMs: 20, maxMs: 200 }),
  batchSize: number('SAMBAND_WORKER_BATCH', 25),
  concurrency: number('SAMBAND_WORKER_CONCURRENCY', 5),
  // The app's own setting, read and checked the way `samband start` reads it.
  leaseMs: readEnv({ SAMBAND_DELIVERY_LEASE_MS: env.SAMBAND_DELIVERY_LEASE_MS }).SAMBAND_DELIVERY_LEASE_MS,
  pollMs: number('SAMBAND_WORKER_POLL_MS', 50),
});
worker.start();

process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'stop') return;
  void worker.stop().then(() => db.close()).then(() => process.exit(0));
});
process.send?.({ type: 'ready', workerId });
