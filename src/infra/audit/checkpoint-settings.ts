import type { SambandEnv } from '../config/env.ts';
import { checkpointSigner, checkpointVerifier, type CheckpointSigner, type CheckpointVerifier } from './checkpoint-keys.ts';

/**
 * What the environment says about checkpoints. Unsigned checkpoints are refused: a checkpoint anyone can write proves
 * nothing, so without SAMBAND_AUDIT_KEY no checkpoint is written. `verify` needs a key to check signatures with:
 * SAMBAND_AUDIT_PUBLIC_KEY (enough on a machine that only verifies), or the private key.
 */
export interface CheckpointConfig {
  folder: string | null;
  signer: CheckpointSigner | null;
  verifier: CheckpointVerifier | null;
  intervalMs: number;
}

/** Reads the keys once; a key that cannot be read stops the caller with the variable's name. */
export function checkpointConfig(env: SambandEnv): CheckpointConfig {
  const read = <T>(name: string, make: () => T): T => {
    try {
      return make();
    } catch (error) {
      throw new Error(`${name}: ${(error as Error).message}`);
    }
  };
  const signer = env.SAMBAND_AUDIT_KEY ? read('SAMBAND_AUDIT_KEY', () => checkpointSigner(env.SAMBAND_AUDIT_KEY!)) : null;
  const verifier = env.SAMBAND_AUDIT_PUBLIC_KEY
    ? read('SAMBAND_AUDIT_PUBLIC_KEY', () => checkpointVerifier(env.SAMBAND_AUDIT_PUBLIC_KEY!, 'public'))
    : env.SAMBAND_AUDIT_KEY ? read('SAMBAND_AUDIT_KEY', () => checkpointVerifier(env.SAMBAND_AUDIT_KEY!, 'private')) : null;
  if (signer && verifier && signer.keyId !== verifier.keyId) {
    throw new Error(`SAMBAND_AUDIT_PUBLIC_KEY (${verifier.keyId}) is not the public half of SAMBAND_AUDIT_KEY (${signer.keyId})`);
  }
  return { folder: env.SAMBAND_CHECKPOINT_DIR ?? null, signer, verifier, intervalMs: env.SAMBAND_CHECKPOINT_INTERVAL_MS };
}
