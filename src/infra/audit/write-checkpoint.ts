import type { Database } from '../db/database.ts';
import { CHECKPOINT_FORMAT, checkpointFileName, readCheckpointFiles, signedBytes, writeCheckpointFile, type CheckpointBody } from './checkpoint-folder.ts';
import type { CheckpointSigner } from './checkpoint-keys.ts';
import { auditHead, databaseIdentity } from './audit-head.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface CheckpointSettings {
  folder: string;
  signer: CheckpointSigner;
}

export type CheckpointResult =
  | { written: true; file: string; seq: bigint; hash: string }
  | { written: false; reason: 'empty_trail' | 'unchanged'; seq?: bigint };

/**
 * Signs the chain head and writes it to the checkpoint folder. A head that already has its checkpoint file is not
 * written again, so a quiet system does not fill the folder with one file a minute.
 */
export async function writeAuditCheckpoint(db: Database, settings: CheckpointSettings, now: Date): Promise<CheckpointResult> {
  const head = await auditHead(db);
  if (!head) return { written: false, reason: 'empty_trail' };
  const identity = await databaseIdentity(db);
  if (existsSync(join(settings.folder, checkpointFileName(identity.id, head.seq)))) {
    const same = readCheckpointFiles(settings.folder, identity.id).find((f) => f.checkpoint?.seq === head.seq.toString());
    if (same?.checkpoint?.hash === head.hash && same.checkpoint.keyId === settings.signer.keyId) return { written: false, reason: 'unchanged', seq: head.seq };
  }
  const body: CheckpointBody = {
    format: CHECKPOINT_FORMAT,
    database: identity.id,
    databaseName: identity.name,
    seq: head.seq.toString(),
    hash: head.hash,
    at: now.toISOString(),
    keyId: settings.signer.keyId,
  };
  const file = writeCheckpointFile(settings.folder, { ...body, signature: settings.signer.sign(signedBytes(body)) });
  return { written: true, file, seq: head.seq, hash: head.hash };
}
