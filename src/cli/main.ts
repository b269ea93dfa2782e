import { parseArgs } from './args.ts';
import { CLI_COMMANDS } from './command-table.ts';

const USAGE = `usage: samband <command>\n${CLI_COMMANDS.map((c) => `  ${c.usage}`).join('\n')}`;

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
  if (positional.length === 0 || options.help) {
    process.stdout.write(`${USAGE}\n`);
    return positional.length ? 0 : 2;
  }
  const command = CLI_COMMANDS.find((c) => c.matches(positional));
  if (command) return command.run(positional, options);
  process.stderr.write(`unknown command: ${positional.join(' ')}\n${USAGE}\n`);
  return 2;
}
