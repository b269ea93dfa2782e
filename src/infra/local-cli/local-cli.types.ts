import type { Writable } from 'node:stream';
import { z } from 'zod';

/**
 * The CLI commands a running `samband start` runs on behalf of `samband` processes started next to it on the same
 * embedded folder. PGlite is one process's database: a second process must not open the folder, so it asks the owner.
 */
export const localCliRequestSchema = z.discriminatedUnion('command', [
  z.object({ command: z.literal('say'), person: z.string().min(1).max(200), text: z.string().min(1).max(100_000), json: z.boolean() }),
  z.object({ command: z.literal('audit-verify') }),
  z.object({ command: z.literal('audit-checkpoint') }),
  z.object({ command: z.literal('secrets-rotate') }),
  z.object({
    command: z.literal('access-report'), from: z.string().max(100), to: z.string().max(100), agency: z.string().max(200).optional(),
    person: z.string().max(200).optional(), format: z.enum(['text', 'csv']),
  }),
  z.object({ command: z.literal('audit-export'), from: z.string().max(100), to: z.string().max(100), format: z.enum(['jsonl', 'csv']) }),
  z.object({ command: z.literal('migrate') }),
  z.object({ command: z.literal('retention-run'), dryRun: z.boolean() }),
  z.object({ command: z.literal('ical-issue'), subject: z.string().min(1).max(200), holder: z.string().min(1).max(200).optional() }),
  z.object({ command: z.literal('ical-revoke'), id: z.string().min(1).max(100) }),
  z.object({ command: z.literal('ical-list') }),
  z.object({
    command: z.literal('pack-export'), area: z.string().min(1).max(100), week: z.string().max(20).optional(), out: z.string().min(1).max(4096),
    locale: z.enum(['sv', 'en']),
  }),
  z.object({ command: z.literal('sessions-revoke'), target: z.string().min(1).max(200) }),
]);

export type LocalCliRequest = z.infer<typeof localCliRequestSchema>;

/** Where a command writes: the terminal when it runs in its own process, frames on the socket when the server runs it. */
export interface CliOutput {
  stdout: Writable;
  stderr: Writable;
}

/** Runs one request against the owner's open database and core; resolves with the exit code. */
export type LocalCliHandler = (request: LocalCliRequest, output: CliOutput) => Promise<number>;

/** What the owner publishes in the folder (file mode 0600) so that local CLI processes can reach it. */
export interface LocalCliEndpoint {
  pid: number;
  socket: string;
  token: string;
}

export const ENDPOINT_FILE = 'samband-cli.json';
