import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { holderState, readFolderLock } from '../db/pglite-folder-lock.ts';
import { ENDPOINT_FILE, type CliOutput, type LocalCliEndpoint, type LocalCliRequest } from './local-cli.types.ts';

/**
 * The endpoint of the live process that owns `folder`, or null: no owner, a dead one, or an owner that serves no CLI
 * (yet). An endpoint file is believed only when the lock names the same live pid, so one left by a crash is ignored.
 */
export function findFolderOwner(folder: string): LocalCliEndpoint | null {
  const lock = readFolderLock(folder);
  if (!lock || holderState(lock.holder) !== 'live') return null;
  let endpoint: LocalCliEndpoint;
  try {
    endpoint = JSON.parse(readFileSync(join(folder, ENDPOINT_FILE), 'utf8')) as LocalCliEndpoint;
  } catch {
    return null;
  }
  return endpoint.pid === lock.holder.pid ? endpoint : null;
}

/** The owner could not be reached before the request was sent: nothing ran, trying again (or locally) is safe. */
export class OwnerUnreachableError extends Error {
  readonly code = 'LOCAL_CLI_UNREACHABLE';
}

/**
 * Sends one request to the folder's owner and copies what the command prints to `output`; resolves with its exit code.
 * Throws OwnerUnreachableError when the connection failed (nothing ran), and a plain Error when the owner stopped
 * mid-answer (the command may or may not have run: the message says so).
 */
export function runOnOwner(endpoint: LocalCliEndpoint, cli: LocalCliRequest, output: CliOutput): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(cli);
    const req = request({
      socketPath: endpoint.socket,
      method: 'POST',
      path: '/cli',
      headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    });
    let answered = false;
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!answered && ['ECONNREFUSED', 'ENOENT'].includes(error.code ?? '')) reject(new OwnerUnreachableError(error.message));
      else reject(new Error(`the running samband (pid ${endpoint.pid}) stopped before it answered: check the result before running the command again`));
    });
    req.on('response', (res) => {
      answered = true;
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`the running samband (pid ${endpoint.pid}) refused the request (HTTP ${res.statusCode})`));
        return;
      }
      let buffered = '';
      let exit: number | null = null;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const frame = JSON.parse(buffered.slice(0, newline)) as { stream?: 'stdout' | 'stderr'; text?: string; exit?: number };
          buffered = buffered.slice(newline + 1);
          if (typeof frame.exit === 'number') exit = frame.exit;
          else if (frame.stream && typeof frame.text === 'string') output[frame.stream].write(frame.text);
        }
      });
      res.on('end', () => {
        if (exit === null) reject(new Error(`the running samband (pid ${endpoint.pid}) stopped before it finished: check the result before running the command again`));
        else resolve(exit);
      });
      res.on('error', () => undefined); // 'end' or the request's 'error' settles
    });
    req.end(body);
  });
}
