import { openDatabase, type Database } from '../../infra/db/database.ts';
import { applyMigrations } from '../../infra/db/migrator.ts';
import { readEnv, type SambandEnv } from '../../infra/config/env.ts';
import type { CliOutput } from '../../infra/local-cli/local-cli.types.ts';
import { secretBoxOf } from '../../infra/secrets/secret-settings.ts';
import { rotateSecrets } from '../../infra/secrets/rotate-secrets.ts';
import type { CliCommand } from '../cli-command.types.ts';
import { throughOwnerOrLocally, terminal } from './through-owner.ts';

/**
 * `samband secrets rotate`: re-seals the stored secrets with SAMBAND_SECRET_KEY, opening them with it or with a key in
 * SAMBAND_SECRET_KEY_PREVIOUS. Through the running server on an embedded folder (its environment holds the keys).
 */
export const secretsRotateCommand: CliCommand = {
  usage: `${'secrets rotate'.padEnd(40)} re-encrypt stored secrets (Slack tokens) with SAMBAND_SECRET_KEY`,
  matches: (positional) => positional[0] === 'secrets' && positional[1] === 'rotate',
  run: () => throughOwnerOrLocally({ command: 'secrets-rotate' }, async () => {
    const env = readEnv();
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR });
    try {
      await applyMigrations(db);
      return await runSecretsRotate(db, env, terminal, new Date());
    } finally {
      await db.close();
    }
  }),
};

/** Re-seals on an open database; refuses (exit 1) without SAMBAND_SECRET_KEY. */
export async function runSecretsRotate(db: Database, env: SambandEnv, output: CliOutput, now: Date): Promise<number> {
  const box = secretBoxOf(env);
  if (!box) {
    output.stderr.write('SAMBAND_SECRET_KEY is not set: set the new key there and the old one in SAMBAND_SECRET_KEY_PREVIOUS\n');
    return 1;
  }
  const result = await rotateSecrets(db, box, now);
  output.stdout.write(`secrets re-encrypted with key ${box.currentKeyId}: ${result.resealed} re-sealed, ${result.current} already current\n`);
  return 0;
}
