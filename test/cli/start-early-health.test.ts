import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../support/until.ts';

// `samband start` listens before the slow parts (database, migrations, configuration, adapters): /healthz answers at
// once, /readyz says `starting` (503) until the app can really answer, and then the app takes the same port over.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/samband.mjs');
const children: ChildProcess[] = [];
const folders: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
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
  const child = spawn(process.execPath, [BIN, 'start'], {
    cwd: ROOT, env: { ...base, SAMBAND_LOG_LEVEL: 'error', PORT: String(port), HOST: '127.0.0.1', ...env }, stdio: 'ignore',
  });
  children.push(child);
  return `http://127.0.0.1:${port}`;
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
  it('with the database unreachable: /healthz 200, /readyz 503 starting, other paths 503 with Retry-After', async () => {
    const unreachable = await freePort();
    const folder = mkdtempSync(join(tmpdir(), 'samband-early-'));
    folders.push(folder);
    const url = await start({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${unreachable}/none`, SAMBAND_DATA_DIR: folder });
    const health = await waitFor(async () => (await fetch(`${url}/healthz`)).status, 30_000);
    expect(health).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'starting' });
    const web = await fetch(`${url}/`);
    expect(web.status).toBe(503);
    expect(web.headers.get('retry-after')).toBe('1');
  }, 60_000);

  it('on an embedded folder: /readyz turns 200 and the same port then serves the web console', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'samband-early-'));
    folders.push(folder);
    const url = await start({ SAMBAND_DATA_DIR: folder });
    const seen = new Set<string>();
    await waitFor(async () => {
      const res = await fetch(`${url}/readyz`);
      const body = await res.json() as { status: string };
      seen.add(`${res.status} ${body.status}`);
      return res.status === 200 ? true : undefined;
    }, 110_000);
    // Whatever /readyz said before, it was the truth: starting (503) or ready (200), nothing else.
    expect([...seen].every((s) => s === '503 starting' || s === '200 ready')).toBe(true);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const page = await fetch(`${url}/`);
    expect(page.status).not.toBe(503);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
  }, 120_000); // A fresh folder (initdb and every migration) in a new process: slow on a busy machine.
});
