import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Database } from '../../src/infra/db/database.ts';
import { toNotificationRow } from '../../src/infra/incident/prisma-incident-store.ts';
import { plainMessage } from '../../src/core/messages/incident-message.ts';
import type { NewNotification } from '../../src/core/notification/notification.types.ts';

const WORKER_SCRIPT = fileURLToPath(new URL('../support/worker-process.ts', import.meta.url));

export interface WorkerProcessOptions {
  dbUrl: string;
  recordFile: string;
  workerId: string;
  latencyMs?: number;
  leaseMs?: number;
  concurrency?: number;
  batchSize?: number;
  pollMs?: number;
}

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves when the worker claims (its database is open and its loop runs). */
  ready: Promise<void>;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | string>;
  /** Graceful stop: sends under way finish and are recorded, the rest is released. */
  stop(): Promise<number | string>;
  kill(): Promise<number | string>;
}

/** Forks test/support/worker-process.ts through tsx: a DeliveryWorker in a process of its own. */
export function forkWorker(options: WorkerProcessOptions): WorkerProcess {
  const env: Record<string, string> = {
    ...process.env as Record<string, string>,
    SAMBAND_WORKER_DB: options.dbUrl,
    SAMBAND_WORKER_RECORD: options.recordFile,
    SAMBAND_WORKER_ID: options.workerId,
    SAMBAND_WORKER_LATENCY_MS: String(options.latencyMs ?? 0),
    SAMBAND_DELIVERY_LEASE_MS: String(options.leaseMs ?? 60_000),
    SAMBAND_WORKER_CONCURRENCY: String(options.concurrency ?? 5),
    SAMBAND_WORKER_BATCH: String(options.batchSize ?? 25),
    SAMBAND_WORKER_POLL_MS: String(options.pollMs ?? 50),
  };
  const child = fork(WORKER_SCRIPT, [], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then((how) => reject(new Error(`worker ${options.workerId} exited before it was ready (${how})`)));
  });
  return {
    child,
    ready,
    exited,
    stop() {
      if (child.connected) child.send({ type: 'stop' });
      return exited;
    },
    kill() {
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/** One line the recording platform wrote: a message the platform accepted. */
export interface RecordedCall {
  kind: 'send' | 'update';
  idempotencyKey: string;
  workerId: string;
  messageId: string;
  /** Sent marked as possibly repeating an earlier message. */
  possibleRepeat: boolean;
}

export function readRecords(file: string): RecordedCall[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => {
    const [kind, idempotencyKey, workerId, messageId, repeat] = line.split(' ');
    return { kind: kind as RecordedCall['kind'], idempotencyKey, workerId, messageId, possibleRepeat: repeat === 'repeat' };
  });
}

/** Queues `count` plain notifications on the memory platform, straight into the outbox as the core would. */
export async function enqueuePlain(db: Database, count: number, notBefore = new Date()): Promise<NewNotification[]> {
  const batch = randomUUID().slice(0, 8);
  const rows: NewNotification[] = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    idempotencyKey: `test:${batch}:${i}`,
    kind: 'ext.test',
    address: { platform: 'memory', workspace: '', channel: `c${i % 7}` },
    message: plainMessage('sv', 'info', `Meddelande ${i}`),
    notBefore,
  }));
  for (let i = 0; i < rows.length; i += 250) {
    await db.prisma.notification.createMany({ data: rows.slice(i, i + 250).map(toNotificationRow) });
  }
  return rows;
}

/** Polls until `check` returns true or the time is up (then throws with `what`). */
export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000, everyMs = 50): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface NotificationState {
  id: string;
  idempotency_key: string;
  status: string;
  attempts: number;
  claimed_by: string | null;
}

export async function notificationStates(db: Database): Promise<NotificationState[]> {
  return db.sql.query<NotificationState>('SELECT id, idempotency_key, status::text AS status, attempts, claimed_by FROM notification');
}

export interface AttemptRow {
  notification_id: string;
  worker: string;
  at: Date;
  outcome: string;
  retry_after_ms: number | null;
}

export async function deliveryAttempts(db: Database): Promise<AttemptRow[]> {
  return db.sql.query<AttemptRow>('SELECT notification_id, worker, at, outcome, retry_after_ms FROM delivery_attempt ORDER BY notification_id, at, id');
}

/** How many audit events of `action` name each subject. */
export async function auditCounts(db: Database, action: string): Promise<Map<string, number>> {
  const rows = await db.sql.query<{ subject_id: string; n: number }>(
    'SELECT subject_id, count(*)::int AS n FROM audit_event WHERE action = $1 GROUP BY subject_id', [action],
  );
  return new Map(rows.map((r) => [r.subject_id, r.n]));
}

export function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
