import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../src/infra/db/database.ts';
import {
  acquireFolderLock, FolderLockedError, LOCK_FILE, processStartTime, readFolderLock, type HolderState, type LockHolder,
} from '../../src/infra/db/pglite-folder-lock.ts';
import { seedPgliteFolder } from '../support/test-database.ts';

const temp = mkdtempSync(join(tmpdir(), 'samband-lock-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;
const freshFolder = () => join(temp, `f${(n += 1)}`);

/** The JSON log lines the code under test writes to stderr while `work` runs. */
async function stderrLines(work: () => Promise<void> | void): Promise<Array<Record<string, unknown>>> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return lines.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

function writeLock(folder: string, holder: Partial<LockHolder>): void {
  writeFileSync(join(folder, LOCK_FILE), JSON.stringify({ host: hostname(), command: 'samband start', createdAt: '2026-11-28T08:00:00.000Z', startTime: null, ...holder }));
}

describe('the lock of an embedded folder', () => {
  afterEach(() => vi.restoreAllMocks());

  it('refuses a second opener with the holder named, in English and Swedish, and frees the folder on close', async () => {
    const folder = freshFolder();
    // A cluster as initdb leaves it (initdb itself runs below, in the permissions test): the lock is the subject here.
    await seedPgliteFolder(folder);
    const first = await openDatabase({ databaseUrl: `pglite:${folder}`, owner: 'samband start' });
    const holder = readFolderLock(folder)!.holder;
    expect(holder).toMatchObject({ pid: process.pid, command: 'samband start', host: hostname(), startTime: processStartTime(process.pid) });
    expect(statSync(join(folder, LOCK_FILE)).mode & 0o777).toBe(0o600);

    const second = await openDatabase({ databaseUrl: `pglite:${folder}`, owner: 'samband say' }).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(FolderLockedError);
    const message = (second as Error).message;
    expect(message).toContain(`the database folder ${folder} is in use by samband start (pid ${process.pid}, since ${holder.createdAt})`);
    expect(message).toContain(`databasmappen ${folder} används av samband start (pid ${process.pid}, sedan ${holder.createdAt})`);
    // The refused opener left the holder's lock alone.
    expect(readFolderLock(folder)!.holder).toEqual(holder);

    await first.close();
    expect(existsSync(join(folder, LOCK_FILE))).toBe(false);
    const again = await openDatabase({ databaseUrl: `pglite:${folder}`, owner: 'samband say' });
    expect(readFolderLock(folder)!.holder.command).toBe('samband say');
    await again.close();
  }, 120_000);

  it.each<[string, () => Partial<LockHolder>, HolderState]>([
    ['its process is gone', () => ({ pid: deadPid() }), 'dead'],
    ['its pid now belongs to a process that started later', () => ({ pid: process.pid, startTime: '1' }), 'pid-reused'],
  ])('takes over a stale lock when %s, reporting the old holder once', async (_case, stale, reason) => {
    const folder = freshFolder();
    mkdirSync(folder);
    const previous = stale();
    writeLock(folder, previous);
    const taken: Array<[LockHolder, HolderState]> = [];
    const lock = acquireFolderLock(folder, { command: 'samband say', onTakeover: (holder, state) => taken.push([holder, state]) });
    expect(taken).toEqual([[expect.objectContaining({ pid: previous.pid, command: 'samband start' }), reason]]);
    expect(readFolderLock(folder)!.holder).toMatchObject({ pid: process.pid, command: 'samband say' });
    lock.release();
    expect(readdirSync(folder)).toEqual([]); // no temporary or guard file left behind
  });

  it('refuses a lock whose process runs, and never removes a lock that is not its own', () => {
    const folder = freshFolder();
    mkdirSync(folder);
    const mine = acquireFolderLock(folder, { command: 'samband start' });
    expect(() => acquireFolderLock(folder, { command: 'samband migrate' })).toThrow(FolderLockedError);
    // Someone took the folder over (we were stopped long enough to look dead): our release must leave theirs.
    writeLock(folder, { pid: process.pid, command: 'samband audit verify', startTime: processStartTime(process.pid) });
    mine.release();
    expect(readFolderLock(folder)!.holder.command).toBe('samband audit verify');
  });
});

describe('permissions of an embedded folder', () => {
  const modesUnder = (root: string) => {
    const wrong: string[] = [];
    let files = 0;
    const walk = (path: string) => {
      const stat = statSync(path);
      const want = stat.isDirectory() ? 0o700 : 0o600;
      if (!stat.isDirectory()) files += 1;
      if ((stat.mode & 0o777) !== want) wrong.push(`${path} ${(stat.mode & 0o777).toString(8)}`);
      if (stat.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    };
    walk(root);
    return { wrong, files };
  };

  it('creates the data folder 0700 with files 0600, and tightens an older, readable folder once with a log line', async () => {
    const dataDir = join(freshFolder(), 'data');
    const folder = join(dataDir, 'pglite');
    const logs = await stderrLines(async () => {
      const db = await openDatabase({ dataDir, owner: 'samband migrate' });
      await db.sql.exec('CREATE TABLE t (x int); INSERT INTO t VALUES (1)');
      await db.close();
    });
    expect(logs.filter((l) => l.event === 'db.folder_permissions_tightened')).toEqual([]);
    const fresh = modesUnder(dataDir);
    expect(fresh.files).toBeGreaterThan(100);
    expect(fresh.wrong).toEqual([]);

    // As an older version left it: every folder 0755, every file 0644.
    const widen = (path: string) => {
      const isDir = statSync(path).isDirectory();
      chmodSync(path, isDir ? 0o755 : 0o644);
      if (isDir) for (const name of readdirSync(path)) widen(join(path, name));
    };
    widen(folder);
    const widened = countEntries(folder);
    const reopened = await stderrLines(async () => {
      const db = await openDatabase({ dataDir, owner: 'samband start' });
      expect(await db.sql.query('SELECT x FROM t')).toEqual([{ x: 1 }]);
      await db.close();
    });
    const tightened = reopened.filter((l) => l.event === 'db.folder_permissions_tightened');
    expect(tightened).toEqual([expect.objectContaining({ level: 'warn', folder, entries: widened })]);
    expect(modesUnder(dataDir).wrong).toEqual([]);

    const third = await stderrLines(async () => {
      const db = await openDatabase({ dataDir, owner: 'samband start' });
      await db.close();
    });
    expect(third.filter((l) => l.event === 'db.folder_permissions_tightened')).toEqual([]);
  }, 180_000);
});

function countEntries(root: string): number {
  let count = 1;
  for (const name of readdirSync(root)) {
    const path = join(root, name);
    count += statSync(path).isDirectory() ? countEntries(path) : 1;
  }
  return count;
}
