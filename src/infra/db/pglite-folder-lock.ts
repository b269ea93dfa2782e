import { closeSync, fsyncSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * One owner per embedded database. PGlite is one process's memory over a folder: two processes that open the same
 * folder each keep their own copy of the pages and overwrite each other's writes. The process that opens a folder
 * holds `samband.lock` in it; anyone else is refused, with the holder named.
 */

export const LOCK_FILE = 'samband.lock';

/** Who holds a folder: enough to recognise the process (pid + start time, since pids are reused) and to tell a person. */
export interface LockHolder {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22); null where /proc is missing. */
  startTime: string | null;
  host: string;
  /** What runs there, e.g. `samband start` (command words only, never arguments such as a report's text). */
  command: string;
  createdAt: string;
}

export type HolderState = 'live' | 'dead' | 'pid-reused' | 'other-host';

/** The folder is open in another live process (or the same one). `holder` names it. */
export class FolderLockedError extends Error {
  readonly code = 'DB_FOLDER_LOCKED';
  constructor(readonly folder: string, readonly holder: LockHolder) {
    const elsewhere = holder.host !== hostname();
    const en = `${holder.command} (pid ${holder.pid}${elsewhere ? ` on ${holder.host}` : ''}, since ${holder.createdAt})`;
    const sv = `${holder.command} (pid ${holder.pid}${elsewhere ? ` på ${holder.host}` : ''}, sedan ${holder.createdAt})`;
    super(
      `the database folder ${folder} is in use by ${en}; stop it first, or let it run: say, audit and migrate go through it\n`
      + `databasmappen ${folder} används av ${sv}; stoppa den först, eller låt den köra: say, audit och migrate går via den`,
    );
  }
}

export interface FolderLock {
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export interface LockOptions {
  /** Command words of this process for the lock file. */
  command: string;
  /** Told when a stale lock is taken over (a JSON log line). */
  onTakeover?: (previous: LockHolder, state: HolderState) => void;
}

/** Start time of a process from /proc, or null where there is no /proc (macOS) or the process is gone. */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces or ')': count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // field 22 overall: 3 is fields[0]
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process a lock names still runs: a dead pid, or a pid now used by a process that started later, is stale. */
export function holderState(holder: LockHolder): HolderState {
  if (holder.host !== hostname()) return 'other-host';
  if (!pidAlive(holder.pid)) return 'dead';
  if (holder.startTime !== null) {
    const now = processStartTime(holder.pid);
    if (now !== null && now !== holder.startTime) return 'pid-reused';
  }
  return 'live';
}

/** Reads the lock file of a folder; null when there is none (or it is unreadable garbage, treated as stale). */
export function readFolderLock(folder: string): { holder: LockHolder; raw: string } | null {
  let raw: string;
  try {
    raw = readFileSync(join(folder, LOCK_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const parsed = JSON.parse(raw) as LockHolder;
    if (typeof parsed.pid !== 'number') throw new Error('no pid');
    return { holder: parsed, raw };
  } catch {
    // Cannot happen with our writer (the file appears whole); a hand-made or truncated file names no live process.
    return { holder: { pid: 0, startTime: null, host: hostname(), command: 'unknown', createdAt: 'unknown' }, raw };
  }
}

/**
 * Takes the folder's lock or throws FolderLockedError naming the holder. A stale lock (holder dead, or its pid reused)
 * is taken over and reported through `onTakeover`. The lock file appears atomically and whole: it is written to a
 * private temporary file and hard-linked into place, which fails with EEXIST like O_CREAT|O_EXCL does.
 */
export function acquireFolderLock(folder: string, options: LockOptions): FolderLock {
  const holder: LockHolder = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    host: hostname(),
    command: options.command,
    createdAt: new Date().toISOString(),
  };
  const content = `${JSON.stringify(holder)}\n`;
  const lockPath = join(folder, LOCK_FILE);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (tryLink(folder, lockPath, content)) return ownedLock(lockPath, content, holder);
    const current = readFolderLock(folder);
    if (!current) continue; // released between our link and our read
    const state = current.holder.pid === 0 ? 'dead' : holderState(current.holder);
    if (state === 'live' || state === 'other-host') throw new FolderLockedError(folder, current.holder);
    removeStale(folder, lockPath, current.raw);
    options.onTakeover?.(current.holder, state);
  }
  const current = readFolderLock(folder);
  throw new FolderLockedError(folder, current?.holder ?? holder);
}

function tryLink(folder: string, lockPath: string, content: string): boolean {
  const temp = join(folder, `${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * Two processes may find the same stale lock at once. Only one may remove it, and only while it is still the stale
 * one (not the fresh lock the other just made): a short guard file, created with O_EXCL, serialises the check-and-remove.
 */
function removeStale(folder: string, lockPath: string, staleRaw: string): void {
  const guard = `${lockPath}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A guard left by a process killed in the few microseconds it holds one: clear it once it is clearly old.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 5_000) unlinkSync(guard);
    } catch { /* gone already */ }
    return;
  }
  try {
    const now = readFolderLock(folder);
    if (now && now.raw === staleRaw) unlinkSync(lockPath);
  } finally {
    closeSync(fd);
    unlinkSync(guard);
  }
}

function ownedLock(lockPath: string, content: string, holder: LockHolder): FolderLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      // Only our own file: never remove a lock someone took over from us (e.g. after we were stopped and resumed).
      if (readFileSync(lockPath, 'utf8') === content) unlinkSync(lockPath);
    } catch { /* already gone */ }
  };
  // A process that exits without closing (process.exit on an error path) still leaves the folder free.
  process.on('exit', release);
  return { holder, release };
}

/** The command words of this process (`samband start`, `samband audit verify`), without options or free text. */
export function currentCommand(argv: string[] = process.argv): string {
  const script = argv[1]?.split('/').pop()?.replace(/\.(mjs|js|ts)$/, '') ?? 'node';
  const words: string[] = [];
  for (const word of argv.slice(2)) {
    if (words.length === 2 || !/^[a-z][a-z-]*$/.test(word)) break;
    words.push(word);
  }
  return [script, ...words].join(' ');
}
