import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { composeApp } from '../../src/cli/compose-app.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import { openDatabase } from '../../src/infra/db/database.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import { until as untilCondition } from '../support/until.ts';

// A process killed (SIGKILL) in the middle of registering on an embedded PGlite folder: after a restart the numbers
// go on from the last one stored, with no gap (a sequence would jump by its 32 prefetched values), and audit seq
// stays 1, 2, 3, ...

const LOOP = fileURLToPath(new URL('./support/register-loop.ts', import.meta.url));

interface Child { child: ChildProcess; lines: string[]; exited: Promise<unknown> }

function startLoop(folder: string): Child {
  const child = fork(LOOP, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, SAMBAND_FAULT_DB: folder }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const lines: string[] = [];
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
  });
  return { child, lines, exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code))) };
}

/** This file's waits allow 30 s: each involves a process start. */
const until = (what: string, check: () => boolean, timeoutMs = 30_000) => untilCondition(what, check, timeoutMs, 20);

const registered = (c: Child) => c.lines.filter((l) => l.startsWith('registered ')).map((l) => Number(l.split(' ')[1]));

describe('incident numbers across a crash (PGlite folder)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'samband-crash-numbers-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('after SIGKILL mid-run, twice, the next number is the last stored + 1 and nothing is missing', async () => {
    const told: number[] = [];
    for (let round = 0; round < 2; round += 1) {
      const loop = startLoop(folder);
      await until('the loop to register a few incidents', () => registered(loop).length >= 5 + round * 3, 45_000);
      loop.child.kill('SIGKILL');
      expect(await loop.exited).toBe('SIGKILL');
      told.push(...registered(loop));
    }
    const db = await openDatabase({ databaseUrl: `pglite:${folder}` });
    try {
      const app = await composeApp({ env: readEnv({ PORT: '0', SAMBAND_LOG_LEVEL: 'error' }), db, logger: silentLogger, wires: [], background: false });
      const stored = (await db.prisma.incident.findMany({ select: { number: true }, orderBy: { number: 'asc' } })).map((r) => r.number);
      // Everything a reporter was told is stored (perhaps one more, committed just before the kill), with no gap.
      expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i + 1));
      expect(told.every((n) => stored.includes(n))).toBe(true);
      const next = await app.service.handle({
        platform: 'web', workspace: '', userId: 'anna.lind', requestId: 'after-crash', input: { type: 'text', text: '/incident Rinkeby 2 efter kraschen' },
      });
      expect(next.incident!.number).toBe(stored.length + 1);
      const seqs = (await db.prisma.auditEvent.findMany({ select: { seq: true }, orderBy: { seq: 'asc' } })).map((r) => Number(r.seq));
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
      expect(await verifyAuditChain(db)).toMatchObject({ firstBreak: null, firstGap: null, gaps: 0 });
      await app.close();
    } finally {
      await db.close();
    }
  });
});
