import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets kept in the database (Slack bot tokens). A sealed value names the key that sealed it, so
 * after a rotation the previous key still opens what the rotation has not yet re-sealed. The caller's `context` (a
 * row id) is bound as associated data: a sealed value copied onto another row does not open there.
 */
export interface SecretBox {
  /** The key new values are sealed with. */
  currentKeyId: string;
  seal(plain: string, context: string): string;
  /** Opens a sealed value with whichever known key sealed it; throws naming the key id when none of ours did. */
  open(sealed: string, context: string): string;
  /** The id of the key that sealed `sealed`. */
  keyIdOf(sealed: string): string;
}

const PREFIX = 'sb1';

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${PREFIX}:`);
}

/** `current` seals; `previous` keys only open (during a rotation). Keys are 32 bytes, base64 or hex. */
export function secretBox(current: string, previous: string[] = []): SecretBox {
  const keys = new Map<string, Buffer>();
  const currentKey = parseKey(current, 'SAMBAND_SECRET_KEY');
  const currentKeyId = keyId(currentKey);
  keys.set(currentKeyId, currentKey);
  for (const text of previous) {
    const key = parseKey(text, 'SAMBAND_SECRET_KEY_PREVIOUS');
    keys.set(keyId(key), key);
  }
  const split = (sealed: string) => {
    const parts = sealed.split(':');
    if (parts.length !== 5 || parts[0] !== PREFIX) throw new Error('not a sealed secret');
    return { id: parts[1], iv: Buffer.from(parts[2], 'base64'), tag: Buffer.from(parts[3], 'base64'), data: Buffer.from(parts[4], 'base64') };
  };
  return {
    currentKeyId,
    seal(plain, context) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [PREFIX, currentKeyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
    },
    open(sealed, context) {
      const { id, iv, tag, data } = split(sealed);
      const key = keys.get(id);
      if (!key) throw new Error(`secret sealed with key ${id}, which is neither SAMBAND_SECRET_KEY nor in SAMBAND_SECRET_KEY_PREVIOUS`);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        throw new Error(`secret sealed with key ${id} does not open: altered, or sealed for another row`);
      }
    },
    keyIdOf: (sealed) => split(sealed).id,
  };
}

function parseKey(text: string, name: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be 32 random bytes as base64 or hex (e.g. openssl rand -base64 32), got ${key.length} bytes`);
  return key;
}

function keyId(key: Buffer): string {
  return createHash('sha256').update('samband-secret-key').update(key).digest('hex').slice(0, 12);
}
