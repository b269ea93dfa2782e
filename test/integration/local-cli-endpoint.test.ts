import { request } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireFolderLock } from '../../src/infra/db/pglite-folder-lock.ts';
import { serveLocalCli } from '../../src/infra/local-cli/local-cli-server.ts';
import { findFolderOwner, OwnerUnreachableError, runOnOwner } from '../../src/infra/local-cli/local-cli-client.ts';
import { ENDPOINT_FILE, type LocalCliEndpoint, type LocalCliHandler, type LocalCliRequest } from '../../src/infra/local-cli/local-cli.types.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';

// The socket the owner of an embedded folder serves CLI commands on: reachable by this account only, token-checked,
// streaming what the command prints and its exit code. A stand-in handler takes the place of the app.

const temp = mkdtempSync(join(tmpdir(), 'samband-lcli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function collect() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => { out += c; });
  stderr.on('data', (c) => { err += c; });
  return { output: { stdout, stderr }, text: () => ({ out, err }) };
}

function post(socket: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, method: 'POST', path: '/cli', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function owned(folder: string, handler: LocalCliHandler) {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const lock = acquireFolderLock(folder, { command: 'samband start' });
  const server = await serveLocalCli(folder, handler, silentLogger);
  return { lock, server, async close() { await server.close(); lock.release(); } };
}

describe('the local CLI endpoint of a folder owner', () => {
  it('runs a request and streams its output and exit code; the socket and the token file are 0600', async () => {
    const folder = join(temp, 'a');
    const seen: LocalCliRequest[] = [];
    const owner = await owned(folder, async (req, output) => {
      seen.push(req);
      output.stdout.write('Händelse INC-2026-0001 registrerad\n');
      output.stderr.write('checked 2 events\n');
      for (let i = 0; i < 2000; i += 1) output.stdout.write(`line ${i}\n`); // more than one socket buffer
      return 3;
    });
    try {
      const endpoint = findFolderOwner(folder);
      expect(endpoint).toEqual(owner.server.endpoint);
      expect(statSync(endpoint!.socket).mode & 0o777).toBe(0o600);
      expect(statSync(join(folder, ENDPOINT_FILE)).mode & 0o777).toBe(0o600);

      const { output, text } = collect();
      const request: LocalCliRequest = { command: 'say', person: 'anna.lind', text: '/incident Rinkeby 2 stenkastning', json: false };
      expect(await runOnOwner(endpoint!, request, output)).toBe(3);
      expect(seen).toEqual([request]);
      expect(text().out.startsWith('Händelse INC-2026-0001 registrerad\nline 0\n')).toBe(true);
      expect(text().out.endsWith('line 1999\n')).toBe(true);
      expect(text().err).toBe('checked 2 events\n');
    } finally {
      await owner.close();
    }
    expect(existsSync(join(folder, ENDPOINT_FILE))).toBe(false);
    expect(existsSync(join(folder, 'samband-cli.sock'))).toBe(false);
  });

  it('refuses a request without the token, with a wrong one, or malformed, and runs nothing', async () => {
    const folder = join(temp, 'b');
    let runs = 0;
    const owner = await owned(folder, async () => { runs += 1; return 0; });
    try {
      const { socket, token } = owner.server.endpoint;
      const body = JSON.stringify({ command: 'migrate' });
      expect(await post(socket, {}, body)).toBe(401);
      expect(await post(socket, { authorization: `Bearer ${'0'.repeat(64)}` }, body)).toBe(401);
      expect(await post(socket, { authorization: `Bearer ${token}` }, '{"command":"drop-everything"}')).toBe(400);
      expect(await post(socket, { authorization: `Bearer ${token}` }, 'not json')).toBe(400);
      expect(runs).toBe(0);
      expect(await post(socket, { authorization: `Bearer ${token}` }, body)).toBe(200);
      expect(runs).toBe(1);
    } finally {
      await owner.close();
    }
  });

  it('ignores an endpoint file that the lock does not vouch for, and reports an owner that went away as unreachable', async () => {
    const folder = join(temp, 'c');
    const owner = await owned(folder, async () => 0);
    const endpoint = owner.server.endpoint;
    await owner.close();
    // Left by an owner that died: the lock is gone (or names someone else), so the file is not believed.
    writeFileSync(join(folder, ENDPOINT_FILE), JSON.stringify(endpoint), { mode: 0o600 });
    expect(findFolderOwner(folder)).toBeNull();
    const lock = acquireFolderLock(folder, { command: 'samband say' });
    writeFileSync(join(folder, ENDPOINT_FILE), JSON.stringify({ ...endpoint, pid: endpoint.pid + 1 } satisfies LocalCliEndpoint));
    expect(findFolderOwner(folder)).toBeNull();
    lock.release();
    await expect(runOnOwner(endpoint, { command: 'migrate' }, collect().output)).rejects.toBeInstanceOf(OwnerUnreachableError);
  });

  it('answers a command that fails as the command would on its own: the message on stderr, exit 1', async () => {
    const folder = join(temp, 'e');
    const owner = await owned(folder, async () => { throw new Error('not a date: igår'); });
    try {
      const { output, text } = collect();
      expect(await runOnOwner(owner.server.endpoint, { command: 'audit-export', from: 'igår', to: '2026-11-29', format: 'csv' }, output)).toBe(1);
      expect(text()).toEqual({ out: '', err: 'samband: not a date: igår\n' });
    } finally {
      await owner.close();
    }
  });

  it('puts the socket in a private temporary folder when the data folder path is too long for a unix socket', async () => {
    const folder = join(temp, 'd'.repeat(120));
    const owner = await owned(folder, async (_req, output) => { output.stdout.write('ok\n'); return 0; });
    const socketDir = join(owner.server.endpoint.socket, '..');
    try {
      const endpoint = findFolderOwner(folder)!;
      expect(endpoint.socket.startsWith(tmpdir())).toBe(true);
      expect(statSync(join(endpoint.socket, '..')).mode & 0o777).toBe(0o700);
      const { output, text } = collect();
      expect(await runOnOwner(endpoint, { command: 'audit-verify' }, output)).toBe(0);
      expect(text().out).toBe('ok\n');
    } finally {
      await owner.close();
    }
    expect(existsSync(socketDir)).toBe(false);
  });
});
