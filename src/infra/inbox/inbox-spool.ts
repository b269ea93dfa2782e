import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PlatformName } from '../../core/shared/platform.types.ts';

/** One request kept on local disk while the database could not take it. */
export interface SpooledRequest {
  key: string;
  platform: PlatformName;
  payload: unknown;
  receivedAt: string;
}

const LIVE = 'inbox.jsonl';
const REPLAYING = /^inbox\.\d+\.replaying\.jsonl$/;

/**
 * The local spool: an append-only file of JSON lines under the data folder (0700, file 0600), each line fsynced before
 * the request is acknowledged. Replay moves the live file aside first, so requests that arrive during a replay go to a
 * new file and none is read twice or lost; a file whose replay failed is tried again next time.
 */
export class InboxSpool {
  constructor(readonly dir: string) {}

  /** Appends one request and forces it to disk; throws only if the disk itself fails. */
  append(request: SpooledRequest): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const fd = openSync(join(this.dir, LIVE), 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(request)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** True when requests are waiting on disk. */
  hasWaiting(): boolean {
    return this.files().length > 0;
  }

  /** How many requests are waiting on disk. */
  count(): number {
    return this.files().reduce((n, file) => n + readLines(file).length, 0);
  }

  /**
   * Hands every waiting request to `store` (which must skip keys it already has) and deletes each file once `store`
   * has taken all of it. A failing `store` leaves the file for the next replay. Returns the requests handed over.
   */
  async replay(store: (requests: SpooledRequest[]) => Promise<void>): Promise<number> {
    const live = join(this.dir, LIVE);
    if (existsSync(live) && statSync(live).size > 0) renameSync(live, join(this.dir, `inbox.${Date.now()}.replaying.jsonl`));
    let handed = 0;
    for (const file of this.files().filter((f) => REPLAYING.test(f.split('/').pop()!))) {
      const requests = readLines(file);
      await store(requests);
      unlinkSync(file);
      handed += requests.length;
    }
    return handed;
  }

  private files(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((name) => (name === LIVE || REPLAYING.test(name)))
      .map((name) => join(this.dir, name))
      .filter((path) => statSync(path).size > 0)
      .sort();
  }
}

/** The file's requests; a line cut short by a crash mid-append (never acknowledged) is skipped. */
function readLines(file: string): SpooledRequest[] {
  return readFileSync(file, 'utf8').split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      const parsed = JSON.parse(line) as SpooledRequest;
      return typeof parsed.key === 'string' && typeof parsed.platform === 'string' ? [parsed] : [];
    } catch {
      return [];
    }
  });
}
