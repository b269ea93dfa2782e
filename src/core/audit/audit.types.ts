import type { PlatformName } from '../shared/platform.types.ts';

/** One change, as it goes into the append-only audit trail. */
export interface AuditEventInput {
  at: Date;
  /** Person id, or `system`, `scheduler`, `worker:<id>`, `config`. */
  actorId: string;
  /** Dotted verb, e.g. `incident.registered`, `incident.acknowledged`, `access.denied`. */
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  platform: PlatformName | 'cli' | 'system';
  requestId?: string;
}

/** An audit event as stored: its position in the chain and the hashes that bind it there. */
export interface StoredAuditEvent extends AuditEventInput {
  seq: bigint;
  payloadDigest: string;
  prevHash: string;
  hash: string;
}
