import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, PG_ADMIN_URL } from '../support/test-database.ts';
import { until } from '../support/until.ts';

// `samband start` listens before the slow parts (database, migrations, configuration, adapters): /healthz answers at
// once, /readyz says `starting` (503) until the app can really answer, and then the app takes the same port over.
// One process shows both: its database is unreachable (nothing listens on its port) until the test opens the way,
// a TCP relay to the local PostgreSQL server. A spawned process, as the module loading after the port is open is
// part of what is shown.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/samband.mjs');
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function start(env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SAMBAND_') && !/^(DATABASE_URL|SLACK_|MICROSOFT_APP_)/.test(key)));
  const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], {
    cwd: ROOT, env: { ...base, SAMBAND_LOG_LEVEL: 'error', PORT: String(port), HOST: '127.0.0.1', ...env }, stdio: 'ignore',
  });
  cleanups.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  });
  return `http://127.0.0.1:${port}`;
}

/** From now on, `port` on 127.0.0.1 leads to the local PostgreSQL server. */
async function relayToPostgres(port: number): Promise<void> {
  const target = new URL(PG_ADMIN_URL);
  const sockets = new Set<Socket>();
  const relay: Server = createServer((client) => {
    const server = connect(Number(target.port || 5432), target.hostname);
    for (const socket of [client, server]) {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      socket.on('error', () => { client.destroy(); server.destroy(); });
    }
    client.pipe(server).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    relay.once('error', reject);
    relay.listen(port, '127.0.0.1', resolve);
  });
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    relay.close(() => resolve());
  }));
}

/** Polls until `check` returns a value (a refused connection counts as none yet), with a deadline. */
async function waitFor<T>(check: () => Promise<T | undefined>, deadlineMs: number): Promise<T> {
  let value: T | undefined;
  await until('the server to answer as expected', async () => {
    value = await check().catch(() => undefined);
    return value !== undefined;
  }, deadlineMs);
  return value!;
}

describe('samband start answers health checks before it is ready', () => {
  it('/healthz 200 and /readyz 503 starting while the database is unreachable, other paths 503 with Retry-After; once it is reachable /readyz turns 200 and the same port serves the web console', async () => {
    const db = await createTestDatabase('postgres');
    cleanups.push(() => db.destroy());
    const dbPort = await freePort();
    const dbUrl = new URL(db.url);
    dbUrl.hostname = '127.0.0.1';
    dbUrl.port = String(dbPort);
    const folder = mkdtempSync(join(tmpdir(), 'samband-early-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const url = await start({ DATABASE_URL: dbUrl.toString(), SAMBAND_DATA_DIR: folder });

    const health = await waitFor(async () => (await fetch(`${url}/healthz`)).status, 30_000);
    expect(health).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'starting' });
    const web = await fetch(`${url}/`);
    expect(web.status).toBe(503);
    expect(web.headers.get('retry-after')).toBe('1');

    await relayToPostgres(dbPort);
    const seen = new Set<string>();
    await waitFor(async () => {
      const res = await fetch(`${url}/readyz`);
      const body = await res.json() as { status: string };
      seen.add(`${res.status} ${body.status}`);
      return res.status === 200 ? true : undefined;
    }, 60_000);
    // Whatever /readyz said meanwhile, it was the truth: starting (503) or ready (200), nothing else.
    expect([...seen].every((s) => s === '503 starting' || s === '200 ready')).toBe(true);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const page = await fetch(`${url}/`);
    expect(page.status).not.toBe(503);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  }, 120_000);
});
