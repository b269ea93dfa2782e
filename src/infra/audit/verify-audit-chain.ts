import type { Database } from '../db/database.ts';
import { checkAuditLink, type ChainBreak } from '../../core/audit/audit-digest.ts';
import { readAuditEvents } from './audit-reader.ts';

/** Two neighbouring events whose seq values are not consecutive: `missing` events were numbered between them. */
export interface SeqGap {
  after: bigint;
  next: bigint;
  missing: bigint;
}

export interface ChainReport {
  checked: number;
  /** The first event that does not match its content or its predecessor; null when the chain is whole. */
  firstBreak: (ChainBreak & { action: string; at: Date }) | null;
  /**
   * The first gap in seq among events numbered contiguously (those written since numbering became contiguous), and
   * how many gaps there are. A gap means an event was removed from the middle of the trail; with the hash chain
   * intact it means the chain was recomputed after the removal.
   */
  firstGap: SeqGap | null;
  gaps: number;
}

/** Walks the whole trail in order and names the first event whose content or link was changed, and any seq gap. */
export async function verifyAuditChain(db: Database, onProgress?: (checked: number) => void): Promise<ChainReport> {
  const contiguousAfter = await contiguousSince(db);
  let previous = '';
  let previousSeq: bigint | null = null;
  let checked = 0;
  let firstGap: SeqGap | null = null;
  let gaps = 0;
  for await (const event of readAuditEvents(db)) {
    if (previousSeq !== null && previousSeq >= contiguousAfter && event.seq !== previousSeq + 1n) {
      gaps += 1;
      firstGap ??= { after: previousSeq, next: event.seq, missing: event.seq - previousSeq - 1n };
    }
    const broken = checkAuditLink(event, previous);
    if (broken) return { checked, firstBreak: { ...broken, action: event.action, at: event.at }, firstGap, gaps };
    previous = event.hash;
    previousSeq = event.seq;
    checked += 1;
    if (onProgress && checked % 10_000 === 0) onProgress(checked);
  }
  return { checked, firstBreak: null, firstGap, gaps };
}

/** Events after this seq are numbered without gaps (earlier ones drew two values each from a sequence). */
async function contiguousSince(db: Database): Promise<bigint> {
  const rows = await db.sql.query<{ value: string | number | bigint }>(`SELECT value FROM counter WHERE name = 'audit.seq.contiguous_after'`);
  return rows.length ? BigInt(rows[0].value) : 0n;
}
