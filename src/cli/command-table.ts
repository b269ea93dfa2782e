import type { CliCommand } from './cli-command.types.ts';
import { startCommand } from './commands/start.command.ts';
import { migrateCommand } from './commands/migrate.command.ts';
import { sayCommand } from './commands/say.command.ts';
import { auditCheckpointCommand, auditExportCommand, auditVerifyCommand } from './commands/audit.command.ts';
import { teamsPackageCommand } from './commands/teams-package.command.ts';
import { secretsRotateCommand } from './commands/secrets.command.ts';
import { accessReportCommand } from './commands/access.command.ts';
import { retentionRunCommand } from './commands/retention.command.ts';
import { icalCommand } from './commands/ical.command.ts';
import { packExportCommand } from './commands/pack.command.ts';
import { checkConfigFile } from '../infra/config/config-check.ts';
import { BUNDLED_CONFIG_PATH } from '../infra/config/load-config-file.ts';

const words = (...expected: string[]) => (positional: string[]) => expected.every((word, i) => positional[i] === word);
const line = (command: string, what: string) => `${command.padEnd(40)}${what}`;

/** The one table of `samband` commands, in the order `--help` lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [
  { usage: line('start', 'run the server (web console, Slack, Teams) on PORT'), matches: words('start'), run: () => startCommand() },
  { usage: line('migrate', 'apply database migrations'), matches: words('migrate'), run: () => migrateCommand() },
  {
    usage: line('config check [file]', 'validate a deployment file (default: SAMBAND_CONFIG or the bundled example)'),
    matches: words('config', 'check'),
    async run(positional) {
      const result = await checkConfigFile(positional[2] ?? process.env.SAMBAND_CONFIG ?? BUNDLED_CONFIG_PATH);
      process.stdout.write(`${result.output}\n`);
      return result.ok ? 0 : 1;
    },
  },
  {
    usage: line('say --as <person> [--json] "<text>"', 'run one chat command as a configured person and print what the bot would send'),
    matches: words('say'),
    run(positional, options) {
      const text = positional.slice(1).join(' ');
      if (typeof options.as !== 'string' || !text) throw new Error('usage: samband say --as <person> [--json] "<text>"');
      return sayCommand(options.as, text, options.json === true);
    },
  },
  {
    usage: line('audit verify', "check the audit trail's hash chain and its end against the newest signed checkpoint"),
    matches: words('audit', 'verify'),
    run: () => auditVerifyCommand(),
  },
  {
    usage: line('audit checkpoint', "sign the audit chain's head and write it to SAMBAND_CHECKPOINT_DIR"),
    matches: words('audit', 'checkpoint'),
    run: () => auditCheckpointCommand(),
  },
  {
    usage: 'audit export --from <date> --to <date> --format jsonl|csv',
    matches: words('audit', 'export'),
    run(_positional, { from, to, format }) {
      if (typeof from !== 'string' || typeof to !== 'string') throw new Error('usage: samband audit export --from <date> --to <date> --format jsonl|csv');
      return auditExportCommand(from, to, typeof format === 'string' ? format : 'jsonl');
    },
  },
  teamsPackageCommand,
  secretsRotateCommand,
  accessReportCommand,
  retentionRunCommand,
  icalCommand,
  packExportCommand,
];
