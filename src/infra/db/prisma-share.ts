import type pg from 'pg';

/**
 * The one `pg` pool of a PostgreSQL process, as Prisma sees it: the same pool, but Prisma may hold at most
 * `pool.options.max - reserved` of its connections at once, so `reserved` connections are always left for the raw SQL
 * paths (the Slack ack's inbox insert, the delivery claim, the readers).
 *
 * Why: with the pool simply shared, the ack's single insert queued behind the registrations' interactive Prisma
 * transactions, each holding a connection over several round trips, and the ack's p99 at 20 connections went from
 * 0.8x to 1.8x bare Bolt's (bench/README.md). Two pools kept the paths apart at twice the connections; this keeps them
 * apart with one pool and one limit. Raw SQL is not limited: when Prisma is idle it may use every connection.
 *
 * A Proxy rather than a wrapper object, because `PrismaPg` takes a pool only if it is `instanceof pg.Pool`; every
 * property but `connect` and `query` is the pool's own (its options, its error events, `end`).
 */
export function poolForPrisma(pool: pg.Pool, reserved = 1): pg.Pool {
  const size = pool.options.max ?? 10;
  const gate = new Gate(Math.max(1, size - reserved));
  // Made once: Prisma looks `query` up on every statement.
  const connect = () => connectThroughGate(pool, gate);
  const query = (...args: Parameters<pg.Pool['query']>) => queryThroughGate(pool, gate, args);
  return new Proxy(pool, {
    get(target, property, receiver) {
      if (property === 'connect') return connect;
      if (property === 'query') return query;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A checked-out client counts against Prisma's share until it is released (once, however often release is called). */
async function connectThroughGate(pool: pg.Pool, gate: Gate): Promise<pg.PoolClient> {
  await gate.enter();
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    gate.leave();
    throw error;
  }
  // pg-pool gives each checkout its own `release`, so wrapping this one does not outlive it.
  const release = client.release.bind(client);
  let released = false;
  client.release = (error?: Error | boolean) => {
    if (!released) {
      released = true;
      gate.leave();
    }
    return release(error);
  };
  return client;
}

/** Prisma's queries outside a transaction: one connection for one statement. Promise form only (Prisma's). */
async function queryThroughGate(pool: pg.Pool, gate: Gate, args: Parameters<pg.Pool['query']>): Promise<unknown> {
  await gate.enter();
  try {
    return await (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
  } finally {
    gate.leave();
  }
}

/** A counting semaphore, first come first served. */
class Gate {
  private inside = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  enter(): Promise<void> {
    if (this.inside < this.limit) {
      this.inside += 1;
      return Promise.resolve();
    }
    // The place is handed over by `leave`, so `inside` stays counted while it passes to the next waiter.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inside -= 1;
  }
}
