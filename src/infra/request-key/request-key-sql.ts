import type { RequestKeyClaim } from '../../core/coordination/request-key.port.ts';
import type { SqlExecutor } from '../incident/incident-sql.ts';

/**
 * Records a request key in the caller's transaction. ON CONFLICT DO NOTHING: a key committed earlier returns no row
 * (false) and leaves the transaction usable; a key another transaction is inserting right now makes this one wait for
 * it (the unique index), then answer false if it committed or record the key if it rolled back.
 */
export async function claimRequestKey(run: SqlExecutor, claim: RequestKeyClaim): Promise<boolean> {
  const rows = await run<{ key: string }>(
    'INSERT INTO request_key (key, kind, subject, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING RETURNING key',
    [claim.key, claim.kind, claim.subject, claim.at],
  );
  return rows.length === 1;
}

/** Deletes keys recorded before `before`; returns how many. */
export async function pruneRequestKeys(run: SqlExecutor, before: Date): Promise<number> {
  const rows = await run<{ n: number }>(
    'WITH gone AS (DELETE FROM request_key WHERE created_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM gone', [before],
  );
  return Number(rows[0]?.n ?? 0);
}
