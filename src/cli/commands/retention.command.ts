import type { Database } from '../../infra/db/database.ts';
import type { DeploymentConfig } from '../../infra/config/config.schema.ts';
import type { CliOutput } from '../../infra/local-cli/local-cli.types.ts';
import { PrismaRetentionStore } from '../../infra/retention/prisma-retention-store.ts';
import { retentionPolicyOf } from '../../infra/retention/retention.job.ts';
import { runRetention } from '../../core/retention/run-retention.service.ts';
import type { CoordinationDeps } from '../../core/kernel/core-deps.ts';
import { systemClock } from '../../core/ports/clock.port.ts';
import type { CliCommand } from '../cli-command.types.ts';
import { throughOwnerOrLocally, terminal } from './through-owner.ts';
import { withLocalDeployment } from './local-deployment.ts';

/**
 * `samband retention run [--dry-run]`: erases what the deployment file's retention periods say is due (the job does
 * the same every hour). `--dry-run` lists what would go and changes nothing. Through the running server on an
 * embedded folder, with the server's deployment file.
 */
export const retentionRunCommand: CliCommand = {
  usage: `${'retention run [--dry-run]'.padEnd(40)} erase incidents past their retention period (--dry-run: list them)`,
  matches: (positional) => positional[0] === 'retention' && positional[1] === 'run',
  run(_positional, options) {
    const dryRun = options['dry-run'] === true;
    return throughOwnerOrLocally({ command: 'retention-run', dryRun }, () => withLocalDeployment({ loadConfig: false }, ({ db, config, directory }) =>
      runRetentionCli(db, config, { directory, clock: systemClock }, dryRun, terminal)));
  },
};

/** Runs (or lists) on an open database; one line per incident due, then a summary. */
export async function runRetentionCli(
  db: Database, config: Pick<DeploymentConfig, 'retention'>, deps: Pick<CoordinationDeps, 'directory' | 'clock' | 'delivery'>,
  dryRun: boolean, output: CliOutput,
): Promise<number> {
  const policy = retentionPolicyOf(config);
  if (!policy) {
    output.stdout.write('no retention periods in the deployment file: nothing is erased\n');
    return 0;
  }
  const report = await runRetention({ store: new PrismaRetentionStore(db), ...deps }, policy, { dryRun, actorId: 'cli', platform: 'cli' });
  for (const item of report.due) {
    const what = item.held ? 'held, kept' : dryRun ? 'would be erased' : 'erased';
    output.stdout.write(`${item.ref}\tclosed ${item.closedAt.toISOString()}\t${item.retentionDays} days\t${what}\n`);
  }
  const held = report.due.filter((d) => d.held).length;
  output.stdout.write(dryRun
    ? `dry run: ${report.due.length - held} incident(s) would be erased, ${held} held\n`
    : `${report.erased} incident(s) erased, ${held} held\n`);
  return 0;
}
