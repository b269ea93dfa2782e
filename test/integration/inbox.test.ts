import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../support/test-database.ts';
import { DurableInbox, type DurableInboxOptions } from '../../src/infra/inbox/durable-inbox.ts';
import { InboxSpool } from '../../src/infra/inbox/inbox-spool.ts';
import { InboxStore } from '../../src/infra/inbox/inbox-store.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import type { InboxAttempt } from '../../src/core/ports/request-inbox.port.ts';
import { allowInbox, refuseInbox } from '../support/refuse-inbox.ts';


describe.each(DATABASE_KINDS)('durable inbox (%s)', (kind) => {
  let db: TestDatabase;
  let dir: string;
  let keys = 0;
  const key = () => `test:${kind}:${++keys}`;
  const inboxOf = (options: Partial<DurableInboxOptions> = {}) => new DurableInbox({
    store: new InboxStore(db), spool: new InboxSpool(join(dir, 'spool')), logger: silentLogger, retryDelayMs: () => 0, ...options,
  });
  const rowOf = async (requestKey: string) => (await db.sql.query<{ status: string; attempts: number; via: string; claimed_by: string | null }>(
    'SELECT status, attempts, via, claimed_by FROM inbox_request WHERE request_key = $1', [requestKey]))[0];

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'samband-inbox-'));
  });
  afterAll(async () => {
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a request once, runs it once and records that it finished', async () => {
    const inbox = inboxOf();
    const k = key();
    expect(await inbox.accept({ key: k, platform: 'slack', payload: { text: 'one' } })).toBe('stored');
    expect(await inbox.accept({ key: k, platform: 'slack', payload: { text: 'one' } })).toBe('duplicate');
    const runs: InboxAttempt[] = [];
    await inbox.run(k, async (attempt) => { runs.push(attempt); });
    await inbox.run(k, async (attempt) => { runs.push(attempt); });
    expect(runs).toEqual([{ number: 1, last: false, replayed: false }]);
    expect(await rowOf(k)).toMatchObject({ status: 'done', attempts: 1, via: 'request', claimed_by: null });
  });

  it('runs a failed request again through the platform handler, and tells the handler when it is the last try', async () => {
    const inbox = inboxOf({ maxAttempts: 3 });
    const k = key();
    const seen: Array<{ payload: unknown; attempt: InboxAttempt }> = [];
    inbox.handle('teams', async (payload, attempt) => {
      seen.push({ payload, attempt });
      if (!attempt.last) throw new Error('database away');
    });
    await inbox.accept({ key: k, platform: 'teams', payload: { n: 1 } });
    await inbox.run(k, async () => { throw new Error('database away'); });
    expect(await rowOf(k)).toMatchObject({ status: 'pending', claimed_by: null });
    expect(await inbox.sweep()).toBe(1);
    expect(await inbox.sweep()).toBe(1);
    expect(await inbox.sweep()).toBe(0);
    expect(seen).toEqual([
      { payload: { n: 1 }, attempt: { number: 2, last: false, replayed: true } },
      { payload: { n: 1 }, attempt: { number: 3, last: true, replayed: true } },
    ]);
    expect(await rowOf(k)).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('leaves a request another process holds until its lease runs out, then takes it over', async () => {
    const first = inboxOf({ leaseMs: 300 });
    const second = inboxOf({ leaseMs: 300 });
    const ran: string[] = [];
    second.handle('web', async (payload) => { ran.push((payload as { who: string }).who); });
    const k = key();
    await first.accept({ key: k, platform: 'web', payload: { who: 'crashed before its run' } });
    // The first process dies here: it never runs the request.
    expect(await second.sweep()).toBe(0);
    const deadline = Date.now() + 10_000;
    while ((await second.sweep()) === 0) expect(Date.now()).toBeLessThan(deadline);
    expect(ran).toEqual(['crashed before its run']);
    expect(await rowOf(k)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('frees every claim at once when the previous owner is known to be gone (an embedded database after a restart)', async () => {
    const before = inboxOf();
    const after = inboxOf();
    const ran: unknown[] = [];
    after.handle('slack', async (payload) => { ran.push(payload); });
    const k = key();
    await before.accept({ key: k, platform: 'slack', payload: { restart: true } });
    expect(await after.sweep()).toBe(0);
    expect(await after.releaseAll()).toBeGreaterThanOrEqual(1);
    expect(await after.sweep()).toBe(1);
    expect(ran).toEqual([{ restart: true }]);
  });

  it('keeps a request in the fsynced local spool when the database refuses it, and stores and runs it once it is back', async () => {
    const inbox = inboxOf();
    const ran: unknown[] = [];
    inbox.handle('slack', async (payload) => { ran.push(payload); });
    const [k1, k2] = [key(), key()];
    await refuseInbox(db);
    try {
      expect(await inbox.accept({ key: k1, platform: 'slack', payload: { n: 1 } })).toBe('spooled');
      expect(await inbox.accept({ key: k2, platform: 'slack', payload: { n: 2 } })).toBe('spooled');
      // The same request delivered again during the outage is spooled twice; it will be stored and run once.
      expect(await inbox.accept({ key: k2, platform: 'slack', payload: { n: 2 } })).toBe('spooled');
      expect(inbox.spooled()).toBe(true);
      // A sweep during the outage fails (the periodic job logs it) and keeps everything on disk.
      await expect(inbox.sweep()).rejects.toThrow('database away');
      expect(inbox.spooled()).toBe(true);
    } finally {
      await allowInbox(db);
    }
    const spoolDir = join(dir, 'spool');
    expect(statSync(spoolDir).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(spoolDir)) expect(statSync(join(spoolDir, file)).mode & 0o777).toBe(0o600);
    expect(readdirSync(spoolDir).map((f) => readFileSync(join(spoolDir, f), 'utf8').trim().split('\n').length)).toEqual([3]);
    expect(await inbox.sweep()).toBe(2);
    expect(ran).toEqual([{ n: 1 }, { n: 2 }]);
    expect(inbox.spooled()).toBe(false);
    expect(readdirSync(spoolDir)).toEqual([]);
    expect(await rowOf(k1)).toMatchObject({ status: 'done', via: 'spool' });
    expect(await rowOf(k2)).toMatchObject({ status: 'done', via: 'spool' });
  });

  it('deletes finished requests after the keeping time, never pending ones', async () => {
    const inbox = inboxOf({ keepFinishedMs: 0 });
    const [done, pending] = [key(), key()];
    await inbox.accept({ key: done, platform: 'web', payload: {} });
    await inbox.run(done, async () => undefined);
    await inbox.accept({ key: pending, platform: 'web', payload: {} });
    expect(await inbox.prune()).toBeGreaterThanOrEqual(1);
    expect(await rowOf(done)).toBeUndefined();
    expect(await rowOf(pending)).toMatchObject({ status: 'pending' });
  });
});
