import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '../../../bin/samband.mjs');

/** `samband start` in a process of its own, as an operator runs it, for tests that kill it. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** What it wrote to stderr (JSON log lines). */
  stderr(): string;
  /** SIGKILL, no goodbye; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, the graceful stop; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `samband start` with `env` (PORT 0: it prints the URL it listens on) and resolves once /readyz says ready,
 * or rejects with its output if it exits first or is not ready within `timeoutMs`. `whileWaiting` is called once the
 * process has written `waitingFor` to stderr (a log event's name), before it is ready.
 */
export async function startServer(
  env: Record<string, string>, timeoutMs = 60_000, waiting?: { waitingFor: string; whileWaiting: () => void },
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const deadline = Date.now() + timeoutMs;
  let url = '';
  let exitCode: number | null | undefined;
  void exited.then((code) => { exitCode = code; });
  for (;;) {
    if (exitCode !== undefined) throw new Error(`samband start exited (${exitCode}) before it was ready:\n${out}\n${err.slice(-3000)}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`samband start was not ready within ${timeoutMs} ms:\n${out}\n${err.slice(-3000)}`);
    }
    if (waiting && err.includes(waiting.waitingFor)) {
      waiting.whileWaiting();
      waiting = undefined;
    }
    url ||= /running at (http:\/\/\S+)/.exec(out)?.[1] ?? '';
    if (url) {
      const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
      if (ready) break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    child,
    stderr: () => err,
    async kill() {
      if (exitCode === undefined) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (exitCode === undefined) child.kill('SIGTERM');
      return exited;
    },
  };
}
