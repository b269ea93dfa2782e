import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { openDatabase, type Database } from '../../src/infra/db/database.ts';
import { until } from '../support/until.ts';

// One pg pool per process on PostgreSQL: Prisma and the raw SQL paths share it, and Prisma never holds the last
// connection, so a raw statement (the Slack ack's inbox insert) never waits behind Prisma's transactions.

describe('one connection pool on PostgreSQL', () => {
  let fresh: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    fresh = await createTestDatabase('postgres', { migrate: false });
    db = await openDatabase({ databaseUrl: fresh.url, poolSize: 3 });
  });
  afterAll(async () => {
    await db?.close();
    await fresh?.destroy();
  });

  // Only this test's `db` connects to the fresh database (the helper's own handle has run no statement).
  const connectionsToIt = async () => (await db.sql.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()',
  ))[0].n;

  it('keeps one connection for raw SQL while Prisma transactions fill the rest, and opens no more than the pool size', async () => {
    let releaseAll!: () => void;
    const held = new Promise<void>((resolve) => { releaseAll = resolve; });
    const started: number[] = [];
    const transactions = [1, 2, 3].map((n) => db.prisma.$transaction(async (tx) => {
      await tx.$queryRawUnsafe('SELECT 1');
      started.push(n);
      await held;
    }, { timeout: 30_000, maxWait: 30_000 }));

    await until('two Prisma transactions holding connections', () => started.length === 2);
    // The third connection is the raw path's: it answers while both transactions hold theirs.
    expect(await db.sql.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    // The third transaction is still waiting for Prisma's share, not for a connection of its own.
    expect(started).toHaveLength(2);

    releaseAll();
    await Promise.all(transactions);
    expect(started.sort()).toEqual([1, 2, 3]);
  });

  it('lets raw SQL use every connection when Prisma is idle, and Prisma answer after', async () => {
    // Three raw sessions open at the same time: each waits until all three hold a connection.
    let inside = 0;
    let allIn!: () => void;
    const together = new Promise<void>((resolve) => { allIn = resolve; });
    const pids = await Promise.all([1, 2, 3].map(() => db.sql.withSession(async (s) => {
      const pid = (await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))[0].pid;
      if (++inside === 3) allIn();
      await together;
      return pid;
    })));
    expect(new Set(pids).size).toBe(3);
    expect(await db.prisma.$queryRawUnsafe<Array<{ two: number }>>('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    // Idle connections stay open for a while: all of them are still counted here, and they are the pool's three.
    expect(await connectionsToIt()).toBe(3);
  });
});
