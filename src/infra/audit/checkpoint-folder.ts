import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../../core/audit/audit-digest.ts';

export const CHECKPOINT_FORMAT = 'samband-audit-checkpoint/1';

/** What a checkpoint states: the head of one database's audit chain at one moment. */
export interface CheckpointBody {
  format: typeof CHECKPOINT_FORMAT;
  /** The database's identity (table database_identity) and its name, for people reading the folder. */
  database: string;
  databaseName: string;
  /** The head: the last event's seq (decimal text: seq is a bigint) and hash. */
  seq: string;
  hash: string;
  /** When the head was read. */
  at: string;
  keyId: string;
}

export interface Checkpoint extends CheckpointBody {
  signature: string;
}

/** The bytes a signature covers: the body as canonical JSON (keys sorted), so any field changed breaks it. */
export function signedBytes(body: CheckpointBody): Buffer {
  const { format, database, databaseName, seq, hash, at, keyId } = body;
  return Buffer.from(canonicalJson({ format, database, databaseName, seq, hash, at, keyId }), 'utf8');
}

/** File name: database first, then the seq zero-padded, so names sort by database and position. */
export function checkpointFileName(database: string, seq: bigint): string {
  return `checkpoint-${database}-${seq.toString().padStart(20, '0')}.json`;
}

/**
 * Writes a checkpoint so that a crash leaves the old set or the new file whole, never half a file: a temporary file,
 * fsynced, renamed into place, and the folder fsynced. Several replicas writing the same head write the same name.
 */
export function writeCheckpointFile(folder: string, checkpoint: Checkpoint): string {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const name = checkpointFileName(checkpoint.database, BigInt(checkpoint.seq));
  const temporary = join(folder, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`, { mode: 0o644 });
  const fd = openSync(temporary, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
  renameSync(temporary, join(folder, name));
  const dir = openSync(folder, 'r');
  try { fsyncSync(dir); } finally { closeSync(dir); }
  return name;
}

export interface ReadCheckpoint {
  file: string;
  checkpoint: Checkpoint | null;
  /** Why the file is not a checkpoint (unreadable JSON, missing fields). */
  problem?: string;
}

/** The checkpoints of one database in the folder, in seq order; none when the folder does not exist. */
export function readCheckpointFiles(folder: string, database: string): ReadCheckpoint[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const prefix = `checkpoint-${database}-`;
  return names.filter((n) => n.startsWith(prefix) && n.endsWith('.json')).sort().map((file) => {
    try {
      const parsed = JSON.parse(readFileSync(join(folder, file), 'utf8')) as Partial<Checkpoint>;
      const fields = ['format', 'database', 'databaseName', 'seq', 'hash', 'at', 'keyId', 'signature'] as const;
      const missing = fields.filter((f) => typeof parsed[f] !== 'string');
      if (missing.length || parsed.format !== CHECKPOINT_FORMAT || !/^\d+$/.test(parsed.seq!)) {
        return { file, checkpoint: null, problem: `not a ${CHECKPOINT_FORMAT} file${missing.length ? ` (missing ${missing.join(', ')})` : ''}` };
      }
      return { file, checkpoint: parsed as Checkpoint };
    } catch (error) {
      return { file, checkpoint: null, problem: `unreadable: ${(error as Error).message}` };
    }
  });
}
