import type { Database } from '../db/database.ts';
import type { PlatformName } from '../../core/shared/platform.types.ts';

/** A stored request claimed for a run. */
export interface ClaimedRequest {
  id: string;
  key: string;
  platform: PlatformName;
  payload: unknown;
  /** Runs so far, this one included. */
  attempts: number;
  /** The claim's token: only the holder may finish or release the row. */
  token: string;
}

export interface NewInboxRow {
  key: string;
  platform: PlatformName;
  payload: unknown;
  receivedAt: Date;
  via: 'request' | 'spool';
  /** Claimed at once by the process that stored it (it runs it straight away), or left for any sweeper. */
  claim?: { token: string; until: Date };
}

/**
 * The inbox table, in raw SQL (each call is one statement, so nothing holds a transaction open around chat work).
 * Claims are leases: a row whose lease ran out (its process died) is taken again by any sweeper, as in the outbox.
 */
export class InboxStore {
  constructor(private readonly db: Database) {}

  /** Inserts a row; false when a row with the same request key exists (a retried delivery). */
  async insert(row: NewInboxRow): Promise<boolean> {
    const inserted = await this.db.sql.query(
      `INSERT INTO inbox_request (request_key, platform, payload, received_at, via, attempts, claimed_by, claimed_until)
       VALUES ($1, $2::"Platform", $3, $4, $5, $6, $7, $8)
       ON CONFLICT (request_key) DO NOTHING RETURNING id`,
      [row.key, row.platform, JSON.stringify(row.payload), row.receivedAt, row.via, row.claim ? 1 : 0, row.claim?.token ?? null, row.claim?.until ?? null],
    );
    return inserted.length === 1;
  }

  /** Inserts many (spool replay) in one statement; rows whose key exists are skipped. Returns how many were new. */
  async insertMany(rows: NewInboxRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const inserted = await this.db.sql.query(
      `INSERT INTO inbox_request (request_key, platform, payload, received_at, via)
       SELECT k, p::"Platform", d, r, v FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[]) AS t(k, p, d, r, v)
       ON CONFLICT (request_key) DO NOTHING RETURNING id`,
      [rows.map((r) => r.key), rows.map((r) => r.platform), rows.map((r) => JSON.stringify(r.payload)), rows.map((r) => r.receivedAt), rows.map((r) => r.via)],
    );
    return inserted.length;
  }

  /** Claims up to `limit` pending rows nobody holds (never claimed, handed back, or the lease ran out), oldest first. */
  async claimDue(token: string, now: Date, until: Date, limit: number): Promise<ClaimedRequest[]> {
    const rows = await this.db.sql.query<{ id: string; request_key: string; platform: PlatformName; payload: string; attempts: number }>(
      `UPDATE inbox_request SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM inbox_request
         WHERE status = 'pending' AND (claimed_until IS NULL OR claimed_until <= $3)
         ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING id, request_key, platform, payload, attempts`,
      [token, until, now, limit],
    );
    return rows
      .map((r) => ({ id: String(r.id), key: r.request_key, platform: r.platform, payload: JSON.parse(r.payload) as unknown, attempts: r.attempts, token }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  }

  /** Marks a held row finished (`done`, or `failed` after its last try); false when the claim was lost meanwhile. */
  async finish(key: string, token: string, status: 'done' | 'failed', at: Date, error?: string): Promise<boolean> {
    const rows = await this.db.sql.query(
      `UPDATE inbox_request SET status = $3, finished_at = $4, claimed_by = NULL, claimed_until = NULL, last_error = $5
       WHERE request_key = $1 AND claimed_by = $2 AND status = 'pending' RETURNING id`,
      [key, token, status, at, error ?? null],
    );
    return rows.length === 1;
  }

  /** Hands a held row back, to be taken again after `retryAt` (a failed run, retried with backoff). */
  async release(key: string, token: string, retryAt: Date, error: string): Promise<void> {
    await this.db.sql.query(
      `UPDATE inbox_request SET claimed_by = NULL, claimed_until = $3, last_error = $4
       WHERE request_key = $1 AND claimed_by = $2 AND status = 'pending'`,
      [key, token, retryAt, error],
    );
  }

  /** Deletes rows that finished before `before`: they held free text, and the core's request keys remember the rest. */
  async prune(before: Date): Promise<number> {
    const rows = await this.db.sql.query(`DELETE FROM inbox_request WHERE status <> 'pending' AND finished_at <= $1 RETURNING id`, [before]);
    return rows.length;
  }

  /** Frees every claim on pending rows; returns how many. */
  async releaseAll(): Promise<number> {
    const rows = await this.db.sql.query(
      `UPDATE inbox_request SET claimed_by = NULL, claimed_until = NULL WHERE status = 'pending' AND claimed_by IS NOT NULL RETURNING id`,
    );
    return rows.length;
  }
}
