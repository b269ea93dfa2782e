import { userInfo } from 'node:os';
import { TZDate } from '@date-fns/tz';
import { PrismaAccessLog } from '../../infra/access/prisma-access-log.ts';
import { openDatabase, type Database } from '../../infra/db/database.ts';
import { applyMigrations } from '../../infra/db/migrator.ts';
import { readEnv } from '../../infra/config/env.ts';
import { verifyAuditChain } from '../../infra/audit/verify-audit-chain.ts';
import { checkpointConfig, type CheckpointConfig } from '../../infra/audit/checkpoint-settings.ts';
import { verifyCheckpoints, type CheckpointVerdict } from '../../infra/audit/verify-checkpoints.ts';
import { writeAuditCheckpoint } from '../../infra/audit/write-checkpoint.ts';
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

/**
 * `samband audit verify`: exit 0 when the chain is whole, seq has no gap and the trail still holds the newest signed
 * checkpoint; 1 naming the first broken event, gap, cut or fork.
 */
export function auditVerifyCommand(): Promise<number> {
  return throughOwnerOrLocally({ command: 'audit-verify' }, () => withDatabase((db) => runAuditVerify(db, terminal, checkpointConfig(readEnv()))));
}

/**
 * Checks the chain (and that seq has no gap) of an open database, then its end against the signed checkpoints when a
 * checkpoint folder is configured, and prints the verdict to `output`.
 */
export async function runAuditVerify(db: Database, output: CliOutput, checkpoints?: CheckpointConfig): Promise<number> {
  const report = await verifyAuditChain(db, (n) => output.stderr.write(`checked ${n} events\n`));
  if (report.firstBreak) {
    const b = report.firstBreak;
    output.stdout.write(`audit chain broken at event ${b.seq} (${b.action}, ${b.at.toISOString()}): ${b.reason}; ${report.checked} events before it are intact\n`);
    return 1;
  }
  if (report.firstGap) {
    const g = report.firstGap;
    output.stdout.write(`audit trail has ${report.gaps} gap(s) in seq, the first after event ${g.after} (${g.missing} missing before ${g.next}): `
      + `events were removed from the middle of the trail and the hash chain recomputed; ${report.checked} events checked\n`);
    return 1;
  }
  output.stdout.write(`audit chain verified: ${report.checked} events\n`);
  if (!checkpoints?.folder) {
    output.stdout.write('no checkpoint folder configured (SAMBAND_CHECKPOINT_DIR): a cut at the end of the trail cannot be detected\n');
    return 0;
  }
  if (!checkpoints.verifier) {
    output.stdout.write('checkpoints cannot be checked: set SAMBAND_AUDIT_PUBLIC_KEY (or SAMBAND_AUDIT_KEY)\n');
    return 1;
  }
  const verdict = await verifyCheckpoints(db, checkpoints.folder, checkpoints.verifier);
  output.stdout.write(`${describeVerdict(verdict, checkpoints.folder)}\n`);
  return verdict.kind === 'anchored' || verdict.kind === 'none' ? 0 : 1;
}

function describeVerdict(verdict: CheckpointVerdict, folder: string): string {
  const skipped = 'skipped' in verdict && verdict.skipped ? ` (${verdict.skipped} signed with another key skipped)` : '';
  switch (verdict.kind) {
    case 'none':
      return `no checkpoint of database ${verdict.database} in ${folder} yet${skipped}: the end of the trail is not anchored`;
    case 'anchored':
      return `end of the trail anchored: event ${verdict.newest.seq} matches the newest checkpoint ${verdict.file} (${verdict.newest.at}); ${verdict.checked} checkpoint(s) checked${skipped}`;
    case 'bad_signature':
      return `checkpoint ${verdict.file} in ${folder} is not signed by the audit key: the checkpoint folder was altered or the key is wrong`;
    case 'cut': {
      const first = (verdict.lastSeq ?? 0n) + 1n;
      return `audit trail cut at its end: checkpoint ${verdict.file} (${verdict.checkpoint.at}) holds event ${verdict.checkpoint.seq}, `
        + `but the trail ends at event ${verdict.lastSeq ?? 'none (empty)'}: events ${first} to ${verdict.checkpoint.seq} were removed`;
    }
    case 'fork':
      return `audit trail forked: event ${verdict.checkpoint.seq} has hash ${verdict.foundHash.slice(0, 16)}, checkpoint ${verdict.file} `
        + `(${verdict.checkpoint.at}) holds ${verdict.checkpoint.hash.slice(0, 16)}; the trail was rewritten after event ${verdict.agreesUpTo} `
        + `(the newest checkpoint that still matches) and at or before event ${verdict.checkpoint.seq}`;
  }
}

/** `samband audit checkpoint`: signs the chain head and writes it to SAMBAND_CHECKPOINT_DIR now. */
export function auditCheckpointCommand(): Promise<number> {
  return throughOwnerOrLocally({ command: 'audit-checkpoint' }, () => withDatabase((db) => runAuditCheckpoint(db, terminal, checkpointConfig(readEnv()), new Date())));
}

/** Writes one checkpoint of an open database; refuses (exit 1) without a folder or a signing key. */
export async function runAuditCheckpoint(db: Database, output: CliOutput, checkpoints: CheckpointConfig, now: Date): Promise<number> {
  if (!checkpoints.folder) {
    output.stderr.write('no checkpoint folder: set SAMBAND_CHECKPOINT_DIR to a folder outside the database\n');
    return 1;
  }
  if (!checkpoints.signer) {
    output.stderr.write('no signing key: set SAMBAND_AUDIT_KEY (Ed25519, PEM or base64 PKCS#8); unsigned checkpoints are refused\n');
    return 1;
  }
  const result = await writeAuditCheckpoint(db, { folder: checkpoints.folder, signer: checkpoints.signer }, now);
  if (result.written) output.stdout.write(`checkpoint written: ${result.file} (event ${result.seq})\n`);
  else if (result.reason === 'unchanged') output.stdout.write(`checkpoint of event ${result.seq} already written\n`);
  else output.stdout.write('the audit trail is empty: nothing to checkpoint\n');
  return 0;
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
export async function runAuditExport(db: Database, from: string, to: string, format: ExportFormat, output: CliOutput, now = new Date()): Promise<number> {
  const range = { from: parseBoundary(from, false), to: parseBoundary(to, true) };
  // An export hands the trail (descriptions of changes, decline reasons) to whoever runs it: it is a disclosure too. The
  // command line knows no configured person, so the operating-system account stands for them.
  await new PrismaAccessLog(db).record([{
    at: now, personId: `os:${userInfo().username}`, agencyId: null, incidentId: null, incidentRef: null, fields: ['audit_trail'],
    confidential: false, surface: 'export', ground: 'admin', basis: null, requestId: `audit-export ${from}..${to} ${format}`,
  }]);
  const count = await exportAudit(db, output.stdout, {
    ...range,
    format,
    onProgress: (done, total) => output.stderr.write(`exported ${done}/${total}\n`),
  });
  output.stderr.write(`done: ${count} events\n`);
  return 0;
}
