import type { Writable } from 'node:stream';
import { once } from 'node:events';
import type { Database } from '../db/database.ts';
import { countAuditEvents, readAuditEvents } from './audit-reader.ts';
import { canonicalJson } from '../../core/audit/audit-digest.ts';
import type { StoredAuditEvent } from '../../core/audit/audit.types.ts';

export type ExportFormat = 'jsonl' | 'csv';

const COLUMNS = ['seq', 'at', 'actorId', 'action', 'subjectType', 'subjectId', 'platform', 'requestId', 'before', 'after', 'payloadDigest', 'prevHash', 'hash'] as const;

function record(event: StoredAuditEvent): Record<(typeof COLUMNS)[number], string | null | unknown> {
  return {
    seq: event.seq.toString(), at: event.at.toISOString(), actorId: event.actorId, action: event.action, subjectType: event.subjectType,
    subjectId: event.subjectId, platform: event.platform, requestId: event.requestId ?? null, before: event.before ?? null,
    after: event.after ?? null, payloadDigest: event.payloadDigest, prevHash: event.prevHash, hash: event.hash,
  };
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : canonicalJson(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Streams events with `from <= at < to` as JSON lines or CSV, honouring back-pressure; reports progress every
 * `progressEvery` events so long exports show they are alive.
 */
export async function exportAudit(
  db: Database, out: Writable, options: { from: Date; to: Date; format: ExportFormat; onProgress?: (done: number, total: number) => void; progressEvery?: number },
): Promise<number> {
  const total = await countAuditEvents(db, options);
  const every = options.progressEvery ?? 10_000;
  let done = 0;
  const write = async (line: string) => {
    if (!out.write(line)) await once(out, 'drain');
  };
  if (options.format === 'csv') await write(`${COLUMNS.join(',')}\n`);
  for await (const event of readAuditEvents(db, options)) {
    const row = record(event);
    await write(options.format === 'csv' ? `${COLUMNS.map((c) => csvCell(row[c])).join(',')}\n` : `${JSON.stringify(row)}\n`);
    done += 1;
    if (done % every === 0) options.onProgress?.(done, total);
  }
  options.onProgress?.(done, total);
  return done;
}
