import type { Database } from '../db/database.ts';
import { checkAuditLink, type ChainBreak } from '../../core/audit/audit-digest.ts';
import { readAuditEvents } from './audit-reader.ts';

export interface ChainReport {
  checked: number;
  /** The first event that does not match its content or its predecessor; null when the chain is whole. */
  firstBreak: (ChainBreak & { action: string; at: Date }) | null;
}

/** Walks the whole trail in order and names the first event whose content or link was changed. */
export async function verifyAuditChain(db: Database, onProgress?: (checked: number) => void): Promise<ChainReport> {
  let previous = '';
  let checked = 0;
  for await (const event of readAuditEvents(db)) {
    const broken = checkAuditLink(event, previous);
    if (broken) return { checked, firstBreak: { ...broken, action: event.action, at: event.at } };
    previous = event.hash;
    checked += 1;
    if (onProgress && checked % 10_000 === 0) onProgress(checked);
  }
  return { checked, firstBreak: null };
}
