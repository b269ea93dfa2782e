import { setTimeout as sleep } from 'node:timers/promises';
import { readEnv } from '../../infra/config/env.ts';
import { embeddedFolder } from '../../infra/db/database.ts';
import { FolderLockedError } from '../../infra/db/pglite-folder-lock.ts';
import { findFolderOwner, OwnerUnreachableError, runOnOwner } from '../../infra/local-cli/local-cli-client.ts';
import type { CliOutput, LocalCliRequest } from '../../infra/local-cli/local-cli.types.ts';

/** This process's terminal. */
export const terminal: CliOutput = { stdout: process.stdout, stderr: process.stderr };

/** How long a CLI command waits for a `samband start` that holds the folder but does not serve yet (migrations, config). */
const STARTING_SERVER_WAIT_MS = 30_000;

/**
 * Runs a CLI command against the embedded folder the environment names: through the running `samband start` that owns
 * it, or `local` (which opens the folder itself) when nobody does. A PostgreSQL server needs neither: `local` runs.
 */
export async function throughOwnerOrLocally(request: LocalCliRequest, local: () => Promise<number>): Promise<number> {
  const env = readEnv();
  const folder = embeddedFolder({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR });
  if (!folder) return local();
  const deadline = Date.now() + STARTING_SERVER_WAIT_MS;
  for (;;) {
    const owner = findFolderOwner(folder);
    try {
      return owner ? await runOnOwner(owner, request, terminal) : await local();
    } catch (error) {
      // Nothing ran in either case: the server is still starting (it holds the lock, its socket is not up yet), or it
      // stopped between our look and our connection. Look again until the deadline.
      const starting = error instanceof FolderLockedError && isServer(error.holder.command);
      if (!(starting || error instanceof OwnerUnreachableError) || Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}

function isServer(command: string): boolean {
  return / start$/.test(command);
}
