import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/infra/db/database.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import { formatIncidentRef } from '../../src/core/commands/incident-ref.ts';
import { readFolderLock } from '../../src/infra/db/pglite-folder-lock.ts';

// `samband start` owns its embedded folder; `samband say|audit|migrate` next to it run through it, a second `start` is
// refused naming the holder, and a lock left by a killed server is taken over. Real processes, as an operator runs them.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/samband.mjs');

interface Run { code: number | null; stdout: string; stderr: string }

function cleanEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SAMBAND_') && key !== 'DATABASE_URL'));
  return { ...base, SAMBAND_DATA_DIR: dataDir, SAMBAND_LOG_LEVEL: 'error', PORT: '0', ...extra };
}

function samband(args: string[], dataDir: string, extra: Record<string, string> = {}): Promise<Run & { ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(dataDir, extra), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}

interface Server { child: ChildProcess; url: string; pid: number; output: () => string; exited: Promise<number | null> }

/** Starts `samband start` and resolves once it prints its URL (or rejects with what it printed when it exits first). */
function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, [BIN, 'start'], { cwd: ROOT, env: cleanEnv(dataDir, { SAMBAND_LOG_LEVEL: 'info' }), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /Samband is running at (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        child.stdout!.off('data', onData);
        resolve({ child, url, pid: child.pid!, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => { output += chunk; });
    void exited.then((code) => reject(new Error(`samband start exited (${code}) before listening:\n${output}`)));
  });
}

const refIn = (text: string) => /INC-\d{4}-\d{4,}/.exec(text)?.[0];

describe('one owner per embedded folder: samband start and the CLI next to it', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'samband-owner-'));
  const folder = join(dataDir, 'pglite');
  let server: Server;

  beforeAll(async () => {
    server = await startServer(dataDir);
  }, 120_000);
  afterAll(() => {
    if (server?.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second samband start on the same folder, naming the holder', async () => {
    const second = await samband(['start'], dataDir);
    expect(second.code).toBe(1);
    const holder = readFolderLock(folder)!.holder;
    expect(holder).toMatchObject({ pid: server.pid, command: 'samband start' });
    expect(second.stderr).toContain(`is in use by samband start (pid ${server.pid}, since ${holder.createdAt})`);
    expect(second.stderr).toContain(`används av samband start (pid ${server.pid}, sedan ${holder.createdAt})`);
    expect(second.stdout).not.toContain('Samband is running');
  }, 50_000);

  it('keeps every registration either side reported while say runs next to the server; the chain verifies', async () => {
    const reported: string[] = [];
    let saysDone = false;
    const viaCli = (async () => {
      const runs: Run[] = [];
      try {
        for (let i = 0; i < 4; i += 1) {
          const run = await samband(['say', '--as', 'anna.lind', `/incident Rinkeby 2 stenkastning från cli ${i}`], dataDir);
          runs.push(run);
          const ref = refIn(run.stdout);
          if (run.code === 0 && ref) reported.push(ref);
        }
      } finally {
        saysDone = true;
      }
      return runs;
    })();
    const viaHttp = (async () => {
      const statuses: number[] = [];
      // Registrations keep arriving over HTTP for as long as the CLI runs, so the two interleave for sure.
      for (let i = 0; !saysDone || i < 5; i += 1) {
        const response = await fetch(`${server.url}/command`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams({ as: 'karin.dahl', text: `/incident Rinkeby 3 bilbrand via webben ${i}` }).toString(),
        });
        statuses.push(response.status);
        const body = await response.json() as { incident: string | null };
        if (response.status === 200 && body.incident) reported.push(body.incident);
      }
      return statuses;
    })();
    const [runs, statuses] = await Promise.all([viaCli, viaHttp]);

    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Händelse INC-\d{4}-\d{4} registrerad$/m);
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(statuses.length).toBeGreaterThanOrEqual(5);
    // The server ran each CLI command; no second process opened the folder.
    expect(server.output().match(/"event":"local_cli.served","service":"samband","component":"local-cli","command":"say","exit":0/g)).toHaveLength(4);

    const verify = await samband(['audit', 'verify'], dataDir);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^audit chain verified: \d+ events\n/);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(existsSync(join(folder, 'samband.lock'))).toBe(false);
    expect(existsSync(join(folder, 'samband-cli.sock'))).toBe(false);

    // Only the owner's account may read the database: 0700 folders, 0600 files, all the way down.
    const modes = new Map<string, number>();
    const walk = (path: string) => {
      const stat = statSync(path);
      modes.set(path, stat.mode & 0o777);
      if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    };
    walk(dataDir);
    const wrong = [...modes].filter(([path, mode]) => mode !== (statSync(path).isDirectory() ? 0o700 : 0o600));
    expect(wrong.map(([path, mode]) => `${path} ${mode.toString(8)}`)).toEqual([]);

    const db = await openDatabase({ databaseUrl: `pglite:${folder}`, owner: 'fault test' });
    try {
      const stored = (await db.prisma.incident.findMany({ select: { year: true, number: true } })).map((i) => formatIncidentRef(i.year, i.number));
      expect(reported.length).toBe(runs.length + statuses.length);
      expect(new Set(reported).size).toBe(reported.length);
      expect(stored.sort()).toEqual([...reported].sort());
      const report = await verifyAuditChain(db);
      expect(report.firstBreak).toBeNull();
      expect(report.checked).toBeGreaterThan(reported.length);
    } finally {
      await db.close();
    }
  }, 55_000);
});

describe('a lock left by a killed samband start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'samband-stale-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is taken over by the next command, with a log line naming the dead holder', async () => {
    const server = await startServer(dataDir);
    server.child.kill('SIGKILL');
    await server.exited;
    const left = readFolderLock(join(dataDir, 'pglite'));
    expect(left?.holder.pid).toBe(server.pid);

    const verify = await samband(['audit', 'verify'], dataDir, { SAMBAND_LOG_LEVEL: 'info' });
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^audit chain verified: \d+ events\n/);
    const takeover = verify.stderr.split('\n').filter((line) => line.includes('"db.stale_lock_taken_over"')).map((line) => JSON.parse(line));
    expect(takeover).toEqual([expect.objectContaining({ level: 'warn', previousPid: server.pid, previousCommand: 'samband start', reason: 'dead' })]);
    expect(readFolderLock(join(dataDir, 'pglite'))).toBeNull();
  }, 110_000);
});
