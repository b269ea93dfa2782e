/** Splits argv into positional words and `--name value` / `--flag` options. */
export function parseArgs(argv: string[], flags: string[] = []): { positional: string[]; options: Record<string, string | true> } {
  const positional: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) options[name] = inline;
    else if (flags.includes(name) || i + 1 >= argv.length || argv[i + 1].startsWith('--')) options[name] = true;
    else options[name] = argv[++i];
  }
  return { positional, options };
}
