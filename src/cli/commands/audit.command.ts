import { TZDate } from '@date-fns/tz';
import { openDatabase, type Database } from '../../infra/db/database.ts';
import { applyMigrations } from '../../infra/db/migrator.ts';
import { readEnv } from '../../infra/config/env.ts';
import { verifyAuditChain } from '../../infra/audit/verify-audit-chain.ts';
import { exportAudit, type ExportFormat } from '../../infra/audit/export-audit.ts';
import type { CliOutput } from '../../infra/local-cli/local-cli.types.ts';
import { throughOwnerOrLocally, terminal } from './through-owner.ts';

const TIME_ZONE = 'Europe/Stockholm';

async function withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const env = readEnv();
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR });
  try {
    await applyMigrations(db);
    return await work(db);
  } finally {
    await db.close();
  }
}

/** `samband audit verify`: exit 0 when the chain is whole and seq has no gap, 1 naming the first broken event or gap. */
export function auditVerifyCommand(): Promise<number> {
  return throughOwnerOrLocally({ command: 'audit-verify' }, () => withDatabase((db) => runAuditVerify(db, terminal)));
}

/** Checks the chain (and that seq has no gap) of an open database and prints the verdict to `output`. */
export async function runAuditVerify(db: Database, output: CliOutput): Promise<number> {
  const report = await verifyAuditChain(db, (n) => output.stderr.write(`checked ${n} events\n`));
  if (!report.firstBreak && !report.firstGap) {
    output.stdout.write(`audit chain verified: ${report.checked} events\n`);
    return 0;
  }
  if (!report.firstBreak) {
    const g = report.firstGap!;
    output.stdout.write(`audit trail has ${report.gaps} gap(s) in seq, the first after event ${g.after} (${g.missing} missing before ${g.next}): `
      + `events were removed from the middle of the trail and the hash chain recomputed; ${report.checked} events checked\n`);
    return 1;
  }
  const b = report.firstBreak;
  output.stdout.write(`audit chain broken at event ${b.seq} (${b.action}, ${b.at.toISOString()}): ${b.reason}; ${report.checked} events before it are intact\n`);
  return 1;
}

/**
 * A day or an instant: `2026-11-26` is that day's local midnight in Europe/Stockholm (`to` days are inclusive, so
 * they end at the next midnight); anything with a time is taken as ISO 8601.
 */
export function parseBoundary(text: string, end: boolean): Date {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const date = new TZDate(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + (end ? 1 : 0), TIME_ZONE);
    return new Date(date.getTime());
  }
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new Error(`not a date: ${text} (use YYYY-MM-DD or an ISO 8601 time)`);
  return at;
}

/** `samband audit export --from <date> --to <date> --format jsonl|csv`: streams to stdout, progress on stderr. */
export function auditExportCommand(from: string, to: string, format: string): Promise<number> {
  if (format !== 'jsonl' && format !== 'csv') throw new Error('--format must be jsonl or csv');
  // Checked here too, so a bad date is refused before any process is asked.
  parseBoundary(from, false);
  parseBoundary(to, true);
  return throughOwnerOrLocally({ command: 'audit-export', from, to, format }, () => withDatabase((db) => runAuditExport(db, from, to, format, terminal)));
}

/** Streams the events between two boundaries (see parseBoundary) of an open database to `output`. */
export async function runAuditExport(db: Database, from: string, to: string, format: ExportFormat, output: CliOutput): Promise<number> {
  const range = { from: parseBoundary(from, false), to: parseBoundary(to, true) };
  const count = await exportAudit(db, output.stdout, {
    ...range,
    format,
    onProgress: (done, total) => output.stderr.write(`exported ${done}/${total}\n`),
  });
  output.stderr.write(`done: ${count} events\n`);
  return 0;
}
