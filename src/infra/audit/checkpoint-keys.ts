import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The Ed25519 keys of audit checkpoints. The operator keeps the private key outside the database (a secret store or
 * an environment file the database host cannot read), so someone who can rewrite the database cannot forge a
 * checkpoint. A key is given as PEM, or as the base64 of its DER (PKCS#8 for the private key, SPKI for the public).
 */
export interface CheckpointSigner {
  /** Short fingerprint of the public key, written into each checkpoint so an operator can tell keys apart. */
  keyId: string;
  sign(bytes: Buffer): string;
}

export interface CheckpointVerifier {
  keyId: string;
  /** True when `signature` (base64) is this key's signature of `bytes`. */
  verify(bytes: Buffer, signature: string): boolean;
}

export function checkpointSigner(privateKey: string): CheckpointSigner {
  const key = parseKey(privateKey, 'private');
  const keyId = fingerprint(createPublicKey(key));
  return { keyId, sign: (bytes) => sign(null, bytes, key).toString('base64') };
}

/** A verifier from a public key, or from the private key (the public half is derived from it). */
export function checkpointVerifier(key: string, kind: 'public' | 'private'): CheckpointVerifier {
  const publicKey = kind === 'public' ? parseKey(key, 'public') : createPublicKey(parseKey(key, 'private'));
  return {
    keyId: fingerprint(publicKey),
    verify: (bytes, signature) => {
      try {
        return verify(null, bytes, publicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}

function parseKey(text: string, kind: 'public' | 'private'): KeyObject {
  const trimmed = text.trim().replace(/\\n/g, '\n');
  const pem = trimmed.startsWith('-----BEGIN');
  let key: KeyObject;
  try {
    const der = pem ? null : Buffer.from(trimmed, 'base64');
    if (kind === 'private') key = createPrivateKey(der ? { key: der, format: 'der', type: 'pkcs8' } : trimmed);
    else key = createPublicKey(der ? { key: der, format: 'der', type: 'spki' } : trimmed);
  } catch (error) {
    throw new Error(`the audit ${kind} key cannot be read (PEM, or base64 of ${kind === 'private' ? 'PKCS#8' : 'SPKI'} DER): ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the audit ${kind} key must be an Ed25519 key (got ${key.asymmetricKeyType})`);
  return key;
}

function fingerprint(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('hex').slice(0, 16);
}
