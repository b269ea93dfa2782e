import type { Database } from '../infra/db/database.ts';
import type { Clock } from '../core/ports/clock.port.ts';
import type { Logger } from '../infra/log/logger.ts';
import type { DirectoryReader } from '../core/directory/directory.port.ts';
import type { CommandExtension } from '../core/commands/command-extension.ts';

/** A periodic job (handover reminders, digests); `start` returns its timer. */
export interface ScheduledJob {
  name: string;
  start(): NodeJS.Timeout;
}

export interface ExtensionContext {
  db: Database;
  clock: Clock;
  logger: Logger;
  directory: DirectoryReader;
}

/** Domains beyond incidents (shifts, handover, digests) plug their commands and schedules in here. */
export async function coreExtensions(_context: ExtensionContext): Promise<{ commands: CommandExtension[]; schedules: ScheduledJob[] }> {
  return { commands: [], schedules: [] };
}
