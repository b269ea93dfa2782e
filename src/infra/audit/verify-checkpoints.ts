import type { Database } from '../db/database.ts';
import { readCheckpointFiles, signedBytes, type Checkpoint } from './checkpoint-folder.ts';
import type { CheckpointVerifier } from './checkpoint-keys.ts';
import { auditHashAt, auditHead, databaseIdentity } from './audit-head.ts';

/** What the checkpoints say about the end of the trail. */
export type CheckpointVerdict =
  /** No checkpoint of this database in the folder (a new database, or checkpoints never written). */
  | { kind: 'none'; database: string; skipped: number }
  /** The trail holds every checkpointed head with the same hash. */
  | { kind: 'anchored'; database: string; newest: Checkpoint; file: string; checked: number; skipped: number }
  /** A checkpoint file of this database whose signature does not verify: the folder was tampered with, or a wrong key. */
  | { kind: 'bad_signature'; database: string; file: string }
  /**
   * The trail ends before a checkpointed head: events `lastSeq + 1` to `checkpoint.seq` were removed from its end.
   * `lastSeq` is null for an empty trail.
   */
  | { kind: 'cut'; database: string; file: string; checkpoint: Checkpoint; lastSeq: bigint | null }
  /**
   * The event at a checkpointed seq has another hash: the trail was rewritten at or before `checkpoint.seq` and after
   * `agreesUpTo` (the newest checkpoint that still matches; 0 when none does).
   */
  | { kind: 'fork'; database: string; file: string; checkpoint: Checkpoint; foundHash: string; agreesUpTo: bigint };

/**
 * Compares the trail with this database's signed checkpoints in `folder`, oldest first: each checkpointed event must
 * exist with the checkpointed hash. Checkpoints signed with another key (an earlier key, after a rotation) are
 * skipped and counted; a file of the configured key whose signature fails is reported.
 */
export async function verifyCheckpoints(db: Database, folder: string, verifier: CheckpointVerifier): Promise<CheckpointVerdict> {
  const { id: database } = await databaseIdentity(db);
  const files = readCheckpointFiles(folder, database);
  let skipped = 0;
  // Every file first: a checkpoint that is not this key's signature of its content is reported before anything else.
  const trusted: Array<{ file: string; checkpoint: Checkpoint }> = [];
  for (const { file, checkpoint } of files) {
    if (!checkpoint || checkpoint.database !== database) return { kind: 'bad_signature', database, file };
    if (checkpoint.keyId !== verifier.keyId) {
      skipped += 1;
      continue;
    }
    if (!verifier.verify(signedBytes(checkpoint), checkpoint.signature)) return { kind: 'bad_signature', database, file };
    trusted.push({ file, checkpoint });
  }
  trusted.sort((a, b) => (BigInt(a.checkpoint.seq) < BigInt(b.checkpoint.seq) ? -1 : 1));
  const newest = trusted.at(-1) ?? null;
  const head = await auditHead(db);
  // The trail ends before the newest anchored head: events were removed from its end.
  if (newest && (!head || head.seq < BigInt(newest.checkpoint.seq))) {
    return { kind: 'cut', database, file: newest.file, checkpoint: newest.checkpoint, lastSeq: head?.seq ?? null };
  }
  // Oldest first, so a rewrite is placed between the last checkpoint that matches and the first that does not.
  let agreesUpTo = 0n;
  for (const { file, checkpoint } of trusted) {
    const seq = BigInt(checkpoint.seq);
    const found = await auditHashAt(db, seq);
    // Missing from the middle: the chain check names the gap; here it is a trail that no longer holds this head.
    if (found !== checkpoint.hash) return { kind: 'fork', database, file, checkpoint, foundHash: found ?? '(no event)', agreesUpTo };
    agreesUpTo = seq;
  }
  if (!newest) return { kind: 'none', database, skipped };
  return { kind: 'anchored', database, newest: newest.checkpoint, file: newest.file, checked: trusted.length, skipped };
}
