import type { Database } from '../db/database.ts';

/** The database's identity (drawn once by a migration) and name. */
export async function databaseIdentity(db: Database): Promise<{ id: string; name: string }> {
  const rows = await db.sql.query<{ id: string; name: string }>('SELECT id, current_database() AS name FROM database_identity LIMIT 1');
  if (!rows.length) throw new Error('database_identity is empty: the database has no identity to name in checkpoints');
  return rows[0];
}

/** The last event of the chain, or null for an empty trail. */
export async function auditHead(db: Database): Promise<{ seq: bigint; hash: string } | null> {
  // Ordered by the column, not by the text alias (which would put 9 after 20).
  const rows = await db.sql.query<{ seq: string; hash: string }>('SELECT seq::text AS seq, hash FROM audit_event ORDER BY audit_event.seq DESC LIMIT 1');
  return rows.length ? { seq: BigInt(rows[0].seq), hash: rows[0].hash } : null;
}

/** The hash of the event at `seq`, or null when there is none. */
export async function auditHashAt(db: Database, seq: bigint): Promise<string | null> {
  const rows = await db.sql.query<{ hash: string }>('SELECT hash FROM audit_event WHERE seq = $1::bigint', [seq.toString()]);
  return rows.length ? rows[0].hash : null;
}
