import { parseArgs } from './args.ts';
import { startCommand } from './commands/start.command.ts';
import { migrateCommand } from './commands/migrate.command.ts';
import { sayCommand } from './commands/say.command.ts';
import { auditCheckpointCommand, auditExportCommand, auditVerifyCommand } from './commands/audit.command.ts';
import { checkConfigFile } from '../infra/config/config-check.ts';
import { BUNDLED_CONFIG_PATH } from '../infra/config/load-config-file.ts';
import { extraCliCommands } from './extra-commands.ts';

const USAGE = `usage: samband <command>
  start                                   run the server (web console, Slack, Teams) on PORT
  migrate                                 apply database migrations
  config check [file]                     validate a deployment file (default: SAMBAND_CONFIG or the bundled example)
  say --as <person> [--json] "<text>"     run one chat command as a configured person and print what the bot would send
  audit verify                            check the audit trail's hash chain and its end against the newest signed checkpoint
  audit checkpoint                        sign the audit chain's head and write it to SAMBAND_CHECKPOINT_DIR
  audit export --from <date> --to <date> --format jsonl|csv
${extraCliCommands.map((c) => `  ${c.usage}`).join('\n')}`;

/**
 * Runs one `samband` command with its arguments (without `node` and the script) and resolves with the exit code;
 * a command that fails says why on stderr and gives 1. `bin/samband.mjs` calls it, and the tests call it in-process.
 */
export async function main(argv: string[]): Promise<number> {
  try {
    return await runCommand(argv);
  } catch (error) {
    process.stderr.write(`samband: ${(error as Error).message}\n`);
    return 1;
  }
}

async function runCommand(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv, ['json', 'help', 'dry-run']);
  const [command, sub] = positional;
  if (!command || options.help) {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  if (command === 'start') return startCommand();
  if (command === 'migrate') return migrateCommand();
  if (command === 'config' && sub === 'check') {
    const result = await checkConfigFile(positional[2] ?? process.env.SAMBAND_CONFIG ?? BUNDLED_CONFIG_PATH);
    process.stdout.write(`${result.output}\n`);
    return result.ok ? 0 : 1;
  }
  if (command === 'say') {
    const text = positional.slice(1).join(' ');
    if (typeof options.as !== 'string' || !text) throw new Error('usage: samband say --as <person> [--json] "<text>"');
    return sayCommand(options.as, text, options.json === true);
  }
  if (command === 'audit' && sub === 'verify') return auditVerifyCommand();
  if (command === 'audit' && sub === 'checkpoint') return auditCheckpointCommand();
  if (command === 'audit' && sub === 'export') {
    const { from, to, format } = options;
    if (typeof from !== 'string' || typeof to !== 'string') throw new Error('usage: samband audit export --from <date> --to <date> --format jsonl|csv');
    return auditExportCommand(from, to, typeof format === 'string' ? format : 'jsonl');
  }
  const extra = extraCliCommands.find((c) => c.matches(positional));
  if (extra) return extra.run(positional, options);
  process.stderr.write(`unknown command: ${positional.join(' ')}\n${USAGE}\n`);
  return 2;
}
