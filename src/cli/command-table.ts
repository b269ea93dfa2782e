import type { CliCommand } from './cli-command.types.ts';
import { teamsPackageCommand } from './commands/teams-package.command.ts';

// Each command's module loads only when that command runs: `samband say` next to a running server needs the local
// CLI client, not PGlite, Prisma and the app (about 1 s of imports and 100 MB; bench/README.md, `samband say`).
const start = () => import('./commands/start.command.ts');
const migrate = () => import('./commands/migrate.command.ts');
const say = () => import('./commands/say.command.ts');
const audit = () => import('./commands/audit.command.ts');

/**
 * A command defined in a module that opens the database: the row here says how it is named and listed (the same
 * words as the module's own row), and the module loads when it runs.
 */
function loadedOnRun(usage: string, matches: CliCommand['matches'], load: () => Promise<CliCommand>): CliCommand {
  return { usage, matches, run: async (positional, options) => (await load()).run(positional, options) };
}

const words = (...expected: string[]) => (positional: string[]) => expected.every((word, i) => positional[i] === word);
const line = (command: string, what: string) => `${command.padEnd(40)}${what}`;

/** The one table of `samband` commands, in the order `--help` lists them. */
export const CLI_COMMANDS: readonly CliCommand[] = [
  { usage: line('start', 'run the server (web console, Slack, Teams) on PORT'), matches: words('start'), run: async () => (await start()).startCommand() },
  { usage: line('migrate', 'apply database migrations'), matches: words('migrate'), run: async () => (await migrate()).migrateCommand() },
  {
    usage: line('config check [file]', 'validate a deployment file (default: SAMBAND_CONFIG or the bundled example)'),
    matches: words('config', 'check'),
    async run(positional) {
      const { checkConfigFile } = await import('../infra/config/config-check.ts');
      const { BUNDLED_CONFIG_PATH } = await import('../infra/config/load-config-file.ts');
      const result = await checkConfigFile(positional[2] ?? process.env.SAMBAND_CONFIG ?? BUNDLED_CONFIG_PATH);
      process.stdout.write(`${result.output}\n`);
      return result.ok ? 0 : 1;
    },
  },
  {
    usage: line('say --as <person> [--json] "<text>"', 'run one chat command as a configured person and print what the bot would send'),
    matches: words('say'),
    async run(positional, options) {
      const text = positional.slice(1).join(' ');
      if (typeof options.as !== 'string' || !text) throw new Error('usage: samband say --as <person> [--json] "<text>"');
      return (await say()).sayCommand(options.as, text, options.json === true);
    },
  },
  {
    usage: line('audit verify', "check the audit trail's hash chain and its end against the newest signed checkpoint"),
    matches: words('audit', 'verify'),
    run: async () => (await audit()).auditVerifyCommand(),
  },
  {
    usage: line('audit checkpoint', "sign the audit chain's head and write it to SAMBAND_CHECKPOINT_DIR"),
    matches: words('audit', 'checkpoint'),
    run: async () => (await audit()).auditCheckpointCommand(),
  },
  {
    usage: 'audit export --from <date> --to <date> --format jsonl|csv',
    matches: words('audit', 'export'),
    async run(_positional, { from, to, format }) {
      if (typeof from !== 'string' || typeof to !== 'string') throw new Error('usage: samband audit export --from <date> --to <date> --format jsonl|csv');
      return (await audit()).auditExportCommand(from, to, typeof format === 'string' ? format : 'jsonl');
    },
  },
  teamsPackageCommand,
  loadedOnRun(`${'secrets rotate'.padEnd(40)} re-encrypt stored secrets (Slack tokens) with SAMBAND_SECRET_KEY`, words('secrets', 'rotate'),
    async () => (await import('./commands/secrets.command.ts')).secretsRotateCommand),
  loadedOnRun(`${'access report --from <d> --to <d>'.padEnd(40)} the read log: who saw which incident [--agency] [--person] [--format csv]`,
    words('access', 'report'), async () => (await import('./commands/access.command.ts')).accessReportCommand),
  loadedOnRun(`${'retention run [--dry-run]'.padEnd(40)} erase incidents past their retention period (--dry-run: list them)`, words('retention', 'run'),
    async () => (await import('./commands/retention.command.ts')).retentionRunCommand),
  loadedOnRun(`${'ical issue|revoke|list'.padEnd(40)} private calendar feeds of rosters: issue <person|roster> [--for <person>], revoke <id>`,
    words('ical'), async () => (await import('./commands/ical.command.ts')).icalCommand),
  loadedOnRun(`${'pack export <area> --out DIR'.padEnd(40)} the weekly pack as Markdown + CSV files [--week YYYY-Www] [--lang sv|en]`,
    words('pack', 'export'), async () => (await import('./commands/pack.command.ts')).packExportCommand),
  loadedOnRun(`${'sessions revoke <person|all>'.padEnd(40)} end web console sessions of a person, or all (they must sign in again)`,
    words('sessions', 'revoke'), async () => (await import('./commands/sessions.command.ts')).sessionsRevokeCommand),
];
