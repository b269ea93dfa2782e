import { setTimeout as sleep } from 'node:timers/promises';
import { readEnv } from '../../infra/config/env.ts';
import { embeddedFolder } from '../../infra/db/embedded-folder.ts';
import { FolderLockedError } from '../../infra/db/pglite-folder-lock.ts';
import { findFolderOwner, OwnerUnreachableError, runOnOwner } from '../../infra/local-cli/local-cli-client.ts';
import type { CliOutput, LocalCliRequest } from '../../infra/local-cli/local-cli.types.ts';

/** This process's terminal. */
export const terminal: CliOutput = { stdout: process.stdout, stderr: process.stderr };

export interface ThroughOwnerOptions {
  /** The embedded folder; default: the one the environment names (null for a PostgreSQL server or memory). */
  folder?: string | null;
  /**
   * How long to wait for a folder held by a process that serves no CLI: a `samband start` still starting (migrations,
   * configuration) or another short CLI command. Then the holder is named and the command fails.
   */
  waitMs?: number;
  output?: CliOutput;
}

/**
 * Runs a CLI command against the embedded folder: through the running `samband start` that owns it, or `local`
 * (which opens the folder itself) when nobody does. A PostgreSQL server needs neither: `local` runs at once.
 */
export async function throughOwnerOrLocally(request: LocalCliRequest, local: () => Promise<number>, options: ThroughOwnerOptions = {}): Promise<number> {
  const folder = options.folder !== undefined ? options.folder : folderOfEnvironment();
  const output = options.output ?? terminal;
  if (!folder) return local();
  const waitMs = options.waitMs ?? 30_000;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const owner = findFolderOwner(folder);
    try {
      return owner ? await runOnOwner(owner, request, output) : await local();
    } catch (error) {
      // In both cases nothing ran: the folder is held by a process that does not serve (yet), or its owner stopped
      // between our look and our connection. Look again until the deadline.
      if (!(error instanceof FolderLockedError || error instanceof OwnerUnreachableError) || Date.now() > deadline) throw error;
      if (error instanceof FolderLockedError && !told) {
        told = true;
        output.stderr.write(`database folder ${folder} is busy (${error.holder.command}, pid ${error.holder.pid}): waiting up to ${Math.round(waitMs / 1000)} s\n`);
      }
      await sleep(100);
    }
  }
}

function folderOfEnvironment(): string | null {
  const env = readEnv();
  return embeddedFolder({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR });
}
