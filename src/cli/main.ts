import { parseArgs } from './args.ts';
import { CLI_COMMANDS } from './command-table.ts';

const USAGE = `usage: samband <command>\n${CLI_COMMANDS.map((c) => `  ${c.usage}`).join('\n')}`;

async function main(argv: string[]): Promise<number> {
  const { positional, options } = parseArgs(argv, ['json', 'help', 'dry-run']);
  if (positional.length === 0 || options.help) {
    process.stdout.write(`${USAGE}\n`);
    return positional.length ? 0 : 2;
  }
  const command = CLI_COMMANDS.find((c) => c.matches(positional));
  if (command) return command.run(positional, options);
  process.stderr.write(`unknown command: ${positional.join(' ')}\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: Error) => {
    process.stderr.write(`samband: ${error.message}\n`);
    process.exitCode = 1;
  },
);
