import { createHash } from 'node:crypto';

/**
 * What the audit trail keeps of a free text (a decline reason, a close comment, a handover's questions): its SHA-256
 * and length, never the text. The text lives in the incident's own rows, where erasure can reach it; the digest
 * still proves afterwards which text was given, and nothing in the append-only trail ever needs to change.
 */
export interface TextDigest {
  sha256: string;
  length: number;
}

export function textDigest(text: string): TextDigest;
export function textDigest(text: string | null | undefined): TextDigest | null;
export function textDigest(text: string | null | undefined): TextDigest | null {
  if (text === null || text === undefined) return null;
  return { sha256: createHash('sha256').update(text, 'utf8').digest('hex'), length: text.length };
}
