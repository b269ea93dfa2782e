import { Writable } from 'node:stream';
import type { CliOutput } from '../../src/infra/local-cli/local-cli.types.ts';

/** A CLI output that keeps what a command prints, as a terminal would show it. */
export function capturedOutput(): CliOutput & { out: () => string; err: () => string } {
  const collect = () => {
    const chunks: string[] = [];
    const stream = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
    return { stream, text: () => chunks.join('') };
  };
  const stdout = collect();
  const stderr = collect();
  return { stdout: stdout.stream, stderr: stderr.stream, out: stdout.text, err: stderr.text };
}
