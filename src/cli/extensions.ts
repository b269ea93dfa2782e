import type { Database } from '../infra/db/database.ts';
import type { Clock } from '../core/ports/clock.port.ts';
import type { Logger } from '../infra/log/logger.ts';
import type { DirectoryReader } from '../core/directory/directory.port.ts';
import type { CommandExtension } from '../core/commands/command-extension.ts';
import { shiftExtension } from '../core/shift/shift.extension.ts';
import { handoverExtension } from '../core/handover/handover.extension.ts';
import { remindHandoverStart, sweepHandovers } from '../core/handover/handover-sweep.service.ts';
import { shiftStoreFor } from '../infra/shift/roster-on-duty.ts';
import { PrismaHandoverStore } from '../infra/handover/prisma-handover-store.ts';
import { digestExtension } from '../core/digest/digest.extension.ts';
import { sendDueDigests } from '../core/digest/send-digests.service.ts';
import { PrismaDigestStore } from '../infra/digest/prisma-digest-store.ts';
import { intervalJob } from '../infra/schedule/interval-job.ts';

/** A periodic job (handover reminders, digests); `start` returns its timer. */
export interface ScheduledJob {
  name: string;
  start(): NodeJS.Timeout;
  /** One pass now (tests, catch-up at start); resolves with the number of things it did. */
  runOnce?(): Promise<number>;
}

export interface ExtensionContext {
  db: Database;
  clock: Clock;
  logger: Logger;
  directory: DirectoryReader;
}

/** How often handovers are checked for reminders and escalation, and shifts for the reminder to hand over. */
const HANDOVER_SWEEP_MS = 30_000;
/** How often due digests are looked for (a send is late after ten minutes). */
const DIGEST_SWEEP_MS = 60_000;

/** Domains beyond incidents (shifts, handover, digests) plug their commands and schedules in here. */
export async function coreExtensions(context: ExtensionContext): Promise<{ commands: CommandExtension[]; schedules: ScheduledJob[] }> {
  const { db, clock, logger, directory } = context;
  const shifts = shiftStoreFor(db, clock);
  await shifts.fresh();
  const handovers = new PrismaHandoverStore(db);
  const handoverDeps = { directory, clock, shifts, handovers };
  const digests = new PrismaDigestStore(db);
  return {
    commands: [shiftExtension(shifts), handoverExtension({ shifts, handovers }), digestExtension({ shifts, digests })],
    schedules: [
      intervalJob('handover.sweep', HANDOVER_SWEEP_MS, async () => (await sweepHandovers(handoverDeps)) + (await remindHandoverStart(handoverDeps)), logger),
      intervalJob('digest.send', DIGEST_SWEEP_MS, () => sendDueDigests({ directory, clock, shifts, digests }), logger),
    ],
  };
}
