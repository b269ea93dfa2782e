import { createHash } from 'node:crypto';
import type { AuditEventInput, StoredAuditEvent } from './audit.types.ts';

/**
 * JSON with object keys sorted at every depth, so the same event always gives the same bytes, whatever order the
 * database returns JSONB keys in.
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** SHA-256 over everything an event says; the database chains these digests (see the audit trigger). */
export function auditPayloadDigest(event: AuditEventInput): string {
  return sha256(
    canonicalJson({
      at: event.at.toISOString(),
      actorId: event.actorId,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      before: event.before ?? null,
      after: event.after ?? null,
      platform: event.platform,
      requestId: event.requestId ?? null,
    }),
  );
}

/** The chain link the database computes: sha256(prevHash || payloadDigest). */
export function chainHash(prevHash: string, payloadDigest: string): string {
  return sha256(prevHash + payloadDigest);
}

export type ChainBreak = { seq: bigint; reason: 'payload_changed' | 'hash_mismatch' | 'broken_link' };

/**
 * Checks one event against its predecessor's hash. Returns what is wrong, or null when the event is intact.
 * `expectedPrev` is the hash of the previous event in seq order ('' for the first).
 */
export function checkAuditLink(event: StoredAuditEvent, expectedPrev: string): ChainBreak | null {
  if (event.prevHash !== expectedPrev) return { seq: event.seq, reason: 'broken_link' };
  if (auditPayloadDigest(event) !== event.payloadDigest) return { seq: event.seq, reason: 'payload_changed' };
  if (chainHash(event.prevHash, event.payloadDigest) !== event.hash) return { seq: event.seq, reason: 'hash_mismatch' };
  return null;
}
