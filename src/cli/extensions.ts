import type { Database } from '../infra/db/database.ts';
import type { Clock } from '../core/ports/clock.port.ts';
import type { Logger } from '../infra/log/logger.ts';
import type { DirectoryReader } from '../core/directory/directory.port.ts';
import type { CommandExtension } from '../core/commands/command-extension.ts';
import { shiftExtension } from '../core/shift/shift.extension.ts';
import { shiftStoreFor } from '../infra/shift/roster-on-duty.ts';

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

/** Domains beyond incidents (shifts, handover, digests) plug their commands and schedules in here. */
export async function coreExtensions(context: ExtensionContext): Promise<{ commands: CommandExtension[]; schedules: ScheduledJob[] }> {
  const shifts = shiftStoreFor(context.db, context.clock);
  await shifts.fresh();
  return { commands: [shiftExtension(shifts)], schedules: [] };
}
