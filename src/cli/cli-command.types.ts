/** One row of the CLI's command table (src/cli/command-table.ts). */
export interface CliCommand {
  /** The line `samband --help` shows for it. */
  usage: string;
  /** Whether the positional words name this command (`['audit', 'verify']`). */
  matches(positional: string[]): boolean;
  /** Runs it; resolves with the process exit code. Throws with a usage line for bad arguments. */
  run(positional: string[], options: Record<string, string | true>): Promise<number>;
}
