import { openDatabase, type Database } from '../../infra/db/database.ts';
import { applyMigrations } from '../../infra/db/migrator.ts';
import { readEnv } from '../../infra/config/env.ts';
import type { CliOutput } from '../../infra/local-cli/local-cli.types.ts';
import { PrismaWebSessionStore } from '../../infra/web/prisma-web-session-store.ts';
import type { CliCommand } from '../cli-command.types.ts';
import { throughOwnerOrLocally, terminal } from './through-owner.ts';

const USAGE = 'usage: samband sessions revoke <person-id|all>';

/**
 * `samband sessions revoke <person|all>`: ends every live web console session of one person, or of everyone, at once
 * (the next request of each is refused, on every replica), with an audit event per session. Through the running
 * server on an embedded folder.
 */
export const sessionsRevokeCommand: CliCommand = {
  usage: `${'sessions revoke <person|all>'.padEnd(40)} end web console sessions of a person, or all (they must sign in again)`,
  matches: (positional) => positional[0] === 'sessions' && positional[1] === 'revoke',
  run(positional) {
    const target = positional[2];
    if (!target || positional.length > 3) throw new Error(USAGE);
    return throughOwnerOrLocally({ command: 'sessions-revoke', target }, async () => {
      const env = readEnv();
      const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR });
      try {
        await applyMigrations(db);
        return await runSessionsRevoke(db, target, terminal, new Date());
      } finally {
        await db.close();
      }
    });
  },
};

/** Revokes on an open database; says how many sessions ended. */
export async function runSessionsRevoke(db: Database, target: string, output: CliOutput, now: Date): Promise<number> {
  const store = new PrismaWebSessionStore(db);
  const count = await store.revoke(target === 'all' ? { all: true } : { personId: target }, 'revoked', 'cli', now);
  output.stdout.write(`${count} session(s) revoked${target === 'all' ? '' : ` for ${target}`}\n`);
  return 0;
}
