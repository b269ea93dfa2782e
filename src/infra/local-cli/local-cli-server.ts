import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Logger } from '../log/logger.ts';
import { ENDPOINT_FILE, localCliRequestSchema, type LocalCliEndpoint, type LocalCliHandler } from './local-cli.types.ts';

const MAX_BODY = 256 * 1024;
/** Unix socket paths are limited to 107 bytes on Linux (103 on macOS). */
const MAX_SOCKET_PATH = 100;

export interface LocalCliServer {
  readonly endpoint: LocalCliEndpoint;
  /** Stops taking requests, lets those under way finish, and removes the socket and the endpoint file. */
  close(): Promise<void>;
}

/**
 * Serves CLI requests for the owner of an embedded folder on a unix socket that only this OS account can reach (the
 * socket is 0600 in the 0700 folder) and with a random token read from a 0600 file: a second process never opens the
 * folder, and the owner runs the command through its own database and core, between its other work.
 *
 * The response is newline-delimited JSON: `{"stream":"stdout"|"stderr","text":...}` frames, then `{"exit":<code>}`.
 */
export async function serveLocalCli(folder: string, handler: LocalCliHandler, logger: Logger): Promise<LocalCliServer> {
  const token = randomBytes(32).toString('hex');
  const expected = Buffer.from(`Bearer ${token}`);
  let socket = join(folder, 'samband-cli.sock');
  let socketDir: string | null = null;
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) {
    socketDir = mkdtempSync(join(tmpdir(), 'samband-cli-')); // 0700
    socket = join(socketDir, 'cli.sock');
  }
  // We own the folder (its lock): a socket file here was left by an owner that died.
  removeQuietly(socket);

  const server = createServer((req, res) => {
    void serve(req, res).catch((error: Error) => {
      logger.log('error', 'local_cli.failed', { error: error.message });
      if (!res.headersSent) res.writeHead(500).end();
      else res.end(`${JSON.stringify({ stream: 'stderr', text: `samband: ${error.message}\n` })}\n${JSON.stringify({ exit: 1 })}\n`);
    });
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (req.method !== 'POST' || req.url !== '/cli') return void res.writeHead(404).end();
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) return void res.writeHead(401).end();
    const body = await readBody(req);
    if (body === null) return void res.writeHead(413).end();
    let parsed;
    try {
      parsed = localCliRequestSchema.safeParse(JSON.parse(body));
    } catch {
      return void res.writeHead(400).end();
    }
    if (!parsed.success) return void res.writeHead(400).end();
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.flushHeaders(); // the CLI then knows the command was taken, and will not retry it elsewhere
    const started = Date.now();
    const output = { stdout: frames(res, 'stdout'), stderr: frames(res, 'stderr') };
    let code: number;
    try {
      code = await handler(parsed.data, output);
    } catch (error) {
      // What the command would have printed on its own: `samband: <message>`, exit 1.
      output.stderr.write(`samband: ${(error as Error).message}\n`);
      code = 1;
    }
    // A command may write without waiting: everything it wrote goes out before the exit frame.
    await Promise.all([flushed(output.stdout), flushed(output.stderr)]);
    res.end(`${JSON.stringify({ exit: code })}\n`);
    logger.log('info', 'local_cli.served', { command: parsed.data.command, exit: code, ms: Date.now() - started });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve());
  });
  chmodSync(socket, 0o600);
  const endpoint: LocalCliEndpoint = { pid: process.pid, socket, token };
  const file = join(folder, ENDPOINT_FILE);
  const temp = `${file}.${process.pid}`;
  writeFileSync(temp, JSON.stringify(endpoint), { mode: 0o600 });
  renameSync(temp, file); // appears whole: a client never reads half a token

  return {
    endpoint,
    async close() {
      removeQuietly(file);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      removeQuietly(socket);
      if (socketDir) rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

function flushed(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    stream.once('finish', resolve);
    stream.once('error', () => resolve()); // the CLI went away; nothing left to send to
    stream.end();
  });
}

function frames(res: ServerResponse, stream: 'stdout' | 'stderr'): Writable {
  const writable = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      if (res.destroyed) return done(new Error('the CLI process went away'));
      const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      // Honour back-pressure so a long audit export streams instead of filling the server's memory.
      if (res.write(`${JSON.stringify({ stream, text })}\n`)) return done();
      const settle = () => {
        res.off('drain', settle);
        res.off('close', settle);
        done(res.destroyed ? new Error('the CLI process went away') : undefined);
      };
      res.on('drain', settle);
      res.on('close', settle);
    },
  });
  // A CLI that disconnects mid-export ends the command's writes with an error, never the server.
  writable.on('error', () => undefined);
  return writable;
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch { /* not there */ }
}
