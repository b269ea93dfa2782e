// Its own file so that the migrator (which the template's child process loads) needs nothing of database.ts.

/** Raw SQL access used by the migrator, the delivery worker's claims and tests; the rest goes through Prisma. */
export interface SqlRunner {
  /** Runs a script of one or more statements without parameters (simple protocol). */
  exec(sql: string): Promise<void>;
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `work` on one dedicated connection, so session-level state (advisory locks, SET) stays put. */
  withSession<T>(work: (session: Omit<SqlRunner, 'withSession'>) => Promise<T>): Promise<T>;
}
