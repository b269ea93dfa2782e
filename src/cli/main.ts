import { parseArgs } from './args.ts';

// Each command's modules load only when that command runs: `samband say` next to a running server needs the local
// CLI client, not PGlite, Prisma and the app (bench/README.md, footprint: `samband say`).

const USAGE = `usage: samband <command>
  start                                   run the server (web console, Slack, Teams) on PORT
  migrate                                 apply database migrations
  config check [file]                     validate a deployment file (default: SAMBAND_CONFIG or the bundled example)
  say --as <person> [--json] "<text>"     run one chat command as a configured person and print what the bot would send
  audit verify                            check the audit trail's hash chain and its end against the newest signed checkpoint
  audit checkpoint                        sign the audit chain's head and write it to SAMBAND_CHECKPOINT_DIR
  audit export --from <date> --to <date> --format jsonl|csv`;

/** The usage text with the commands adapters and later domains contribute. */
async function usage(): Promise<string> {
  const { extraCliCommands } = await import('./extra-commands.ts');
  return `${USAGE}\n${extraCliCommands.map((c) => `  ${c.usage}`).join('\n')}`;
}

async function main(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv, ['json', 'help', 'dry-run']);
  const [command, sub] = positional;
  if (!command || options.help) {
    process.stdout.write(`${await usage()}\n`);
    return command ? 0 : 2;
  }
  if (command === 'start') return (await import('./commands/start.command.ts')).startCommand();
  if (command === 'migrate') return (await import('./commands/migrate.command.ts')).migrateCommand();
  if (command === 'config' && sub === 'check') {
    const { checkConfigFile } = await import('../infra/config/config-check.ts');
    const { BUNDLED_CONFIG_PATH } = await import('../infra/config/load-config-file.ts');
    const result = await checkConfigFile(positional[2] ?? process.env.SAMBAND_CONFIG ?? BUNDLED_CONFIG_PATH);
    process.stdout.write(`${result.output}\n`);
    return result.ok ? 0 : 1;
  }
  if (command === 'say') {
    const text = positional.slice(1).join(' ');
    if (typeof options.as !== 'string' || !text) throw new Error('usage: samband say --as <person> [--json] "<text>"');
    return (await import('./commands/say.command.ts')).sayCommand(options.as, text, options.json === true);
  }
  if (command === 'audit' && sub === 'verify') return (await import('./commands/audit.command.ts')).auditVerifyCommand();
  if (command === 'audit' && sub === 'checkpoint') return (await import('./commands/audit.command.ts')).auditCheckpointCommand();
  if (command === 'audit' && sub === 'export') {
    const { from, to, format } = options;
    if (typeof from !== 'string' || typeof to !== 'string') throw new Error('usage: samband audit export --from <date> --to <date> --format jsonl|csv');
    return (await import('./commands/audit.command.ts')).auditExportCommand(from, to, typeof format === 'string' ? format : 'jsonl');
  }
  const { extraCliCommands } = await import('./extra-commands.ts');
  const extra = extraCliCommands.find((c) => c.matches(positional));
  if (extra) return extra.run(positional, options);
  process.stderr.write(`unknown command: ${positional.join(' ')}\n${await usage()}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: Error) => {
    process.stderr.write(`samband: ${error.message}\n`);
    process.exitCode = 1;
  },
);
