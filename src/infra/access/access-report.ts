import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { Database } from '../db/database.ts';
import type { Disclosure } from '../../core/access/disclosure.types.ts';
import { disclosureDigest } from './prisma-access-log.ts';

export interface AccessReportOptions {
  from: Date;
  /** Exclusive. */
  to: Date;
  agencyId?: string;
  personId?: string;
  format: 'text' | 'csv';
}

export interface AccessReportRow extends Disclosure {
  seq: bigint;
}

/** The disclosures in a range, oldest first, optionally of one agency's people or of one person. */
export async function accessEntries(db: Database, options: Omit<AccessReportOptions, 'format'>): Promise<AccessReportRow[]> {
  const rows = await db.prisma.accessLog.findMany({
    where: {
      at: { gte: options.from, lt: options.to },
      ...(options.agencyId ? { agencyId: options.agencyId } : {}),
      ...(options.personId ? { personId: options.personId } : {}),
    },
    orderBy: { seq: 'asc' },
  });
  return rows.map((r) => ({
    seq: r.seq, at: r.at, personId: r.personId, agencyId: r.agencyId, incidentId: r.incidentId, incidentRef: r.incidentRef,
    fields: r.fields as Disclosure['fields'], confidential: r.confidential, surface: r.surface as Disclosure['surface'],
    ground: r.ground as Disclosure['ground'], basis: r.basis, requestId: r.requestId,
  }));
}

const COLUMNS = ['seq', 'at', 'personId', 'agencyId', 'incidentRef', 'fields', 'confidential', 'surface', 'ground', 'basis'] as const;

/** Writes the follow-up extract: CSV (one header line) or aligned text lines; returns how many entries. */
export async function writeAccessReport(db: Database, out: Writable, options: AccessReportOptions): Promise<number> {
  const rows = await accessEntries(db, options);
  if (options.format === 'csv') {
    out.write(`${COLUMNS.join(',')}\n`);
    for (const row of rows) out.write(`${COLUMNS.map((c) => csvCell(cell(row, c))).join(',')}\n`);
  } else {
    for (const row of rows) {
      out.write(`${row.at.toISOString()}  ${row.personId} (${row.agencyId ?? '-'})  ${row.incidentRef ?? '-'}  ${row.fields.join('+')}  `
        + `${row.surface}  ${row.ground}${row.basis ? `  basis: ${row.basis}` : ''}\n`);
    }
  }
  return rows.length;
}

function cell(row: AccessReportRow, column: (typeof COLUMNS)[number]): string {
  const value = row[column];
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.join(' ');
  return value === null || value === undefined ? '' : String(value);
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export interface AccessChainReport {
  checked: number;
  /** The first entry whose content, link or hash does not hold; null when the log is whole. */
  firstBreak: { seq: bigint; reason: 'payload_changed' | 'hash_mismatch' | 'broken_link' | 'seq_gap' } | null;
}

/** Walks the read log in order and names the first entry that was changed, removed or unlinked. */
export async function verifyAccessLog(db: Database): Promise<AccessChainReport> {
  const rows = await db.prisma.accessLog.findMany({ orderBy: { seq: 'asc' } });
  let previous = '';
  let expectedSeq = rows.length ? rows[0].seq : 1n;
  for (const [checked, r] of rows.entries()) {
    const d: Disclosure = {
      at: r.at, personId: r.personId, agencyId: r.agencyId, incidentId: r.incidentId, incidentRef: r.incidentRef,
      fields: r.fields as Disclosure['fields'], confidential: r.confidential, surface: r.surface as Disclosure['surface'],
      ground: r.ground as Disclosure['ground'], basis: r.basis, requestId: r.requestId,
    };
    if (r.seq !== expectedSeq) return { checked, firstBreak: { seq: r.seq, reason: 'seq_gap' } };
    if (r.prevHash !== previous) return { checked, firstBreak: { seq: r.seq, reason: 'broken_link' } };
    if (disclosureDigest(d) !== r.payloadDigest) return { checked, firstBreak: { seq: r.seq, reason: 'payload_changed' } };
    if (createHash('sha256').update(r.prevHash + r.payloadDigest, 'utf8').digest('hex') !== r.hash) return { checked, firstBreak: { seq: r.seq, reason: 'hash_mismatch' } };
    previous = r.hash;
    expectedSeq = r.seq + 1n;
  }
  return { checked: rows.length, firstBreak: null };
}
