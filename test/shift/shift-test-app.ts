import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import type { DatabaseKind } from '../support/test-database.ts';
import { memoryPlatformAs } from '../../adapters/memory/memory-platform.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import type { IntervalJob } from '../../src/infra/schedule/interval-job.ts';

/** The deployment the shift, handover and digest tests run on (rosters and a digest subscription). */
export const SHIFTS_CONFIG = fileURLToPath(new URL('./fixtures/shifts.yaml', import.meta.url));

export interface ShiftTestApp {
  app: TestApp;
  clock: ManualClock;
  web: ReturnType<typeof memoryPlatformAs>;
  /** Runs a chat command as a configured person (web persona) and returns the first reply. */
  say(personId: string, text: string): Promise<OutboundMessage & { changed: boolean; all: OutboundMessage[] }>;
  /** Presses a button (its payload) as a person, with an optional typed reason. */
  press(personId: string, payload: unknown, reason?: string): Promise<OutboundMessage & { changed: boolean }>;
  /** Delivers everything due through the memory platform. */
  deliver(): Promise<void>;
  /** The app's scheduled jobs, by name, run by hand. */
  job(name: string): Promise<IntervalJob>;
  stop(): Promise<void>;
}

/** The whole app on a fresh database, the shifts deployment, a manual clock and a memory platform named `web`. */
export async function startShiftApp(kind: DatabaseKind, startAt: Date, options: { db?: never } = {}): Promise<ShiftTestApp> {
  void options;
  const clock = new ManualClock(startAt);
  const web = memoryPlatformAs('web');
  const app = await startTestApp(kind, { clock, platforms: [web], wires: [], background: false, listen: false, env: { SAMBAND_CONFIG: SHIFTS_CONFIG } });
  const handle = async (personId: string, input: { type: 'text'; text: string } | { type: 'action'; value: unknown; reason?: string }) => {
    const outcome = await app.service.handle({ platform: 'web', workspace: '', userId: personId, requestId: `t-${randomUUID()}`, input });
    return Object.assign(outcome.replies[0], { changed: outcome.changed, all: outcome.replies });
  };
  return {
    app, clock, web,
    say: (personId, text) => handle(personId, { type: 'text', text }),
    press: (personId, payload, reason) => handle(personId, { type: 'action', value: payload, reason }),
    async deliver() {
      while ((await app.worker.runOnce()) > 0) { /* until the outbox is drained */ }
    },
    async job(name) {
      const job = app.jobs.find((j) => j.name === name);
      if (!job) throw new Error(`no job ${name}`);
      return job;
    },
    stop: () => app.stop(),
  };
}

/** Person ids of an incident's `incident.new` notifications addressed to people, sorted. */
export async function notifiedPeople(app: TestApp, incidentRef: string): Promise<string[]> {
  const number = Number(incidentRef.split('-').pop());
  const incident = await app.db.prisma.incident.findUniqueOrThrow({ where: { number } });
  const rows = await app.db.prisma.notification.findMany({ where: { incidentId: incident.id, kind: 'incident.new', personId: { not: null } } });
  return rows.map((r) => r.personId!).sort();
}
