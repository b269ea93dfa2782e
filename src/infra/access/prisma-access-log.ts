import { createHash } from 'node:crypto';
import type { Database } from '../db/database.ts';
import type { AccessLog } from '../../core/access/access-log.port.ts';
import type { Disclosure } from '../../core/access/disclosure.types.ts';
import { canonicalJson } from '../../core/audit/audit-digest.ts';

/** SHA-256 over everything a disclosure says; the database chains these digests (see the access_log trigger). */
export function disclosureDigest(d: Disclosure): string {
  return createHash('sha256').update(canonicalJson({ ...d, at: d.at.toISOString() }), 'utf8').digest('hex');
}

/** A disclosure as an `access_log` row (the chaining trigger fills seq and the hashes). */
export function toAccessLogRow(d: Disclosure) {
  return {
    at: d.at, personId: d.personId, agencyId: d.agencyId, incidentId: d.incidentId, incidentRef: d.incidentRef,
    fields: d.fields, confidential: d.confidential, surface: d.surface, ground: d.ground, basis: d.basis,
    requestId: d.requestId, payloadDigest: disclosureDigest(d),
  };
}

/** The read log in the `access_log` table: one statement (one commit) per call, whatever the number of entries. */
export class PrismaAccessLog implements AccessLog {
  constructor(private readonly db: Database) {}

  async record(disclosures: Disclosure[]): Promise<void> {
    if (disclosures.length === 0) return;
    await this.db.prisma.accessLog.createMany({ data: disclosures.map(toAccessLogRow) });
  }
}
