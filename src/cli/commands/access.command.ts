import { openDatabase, type Database } from '../../infra/db/database.ts';
import { applyMigrations } from '../../infra/db/migrator.ts';
import { readEnv } from '../../infra/config/env.ts';
import type { CliOutput } from '../../infra/local-cli/local-cli.types.ts';
import { verifyAccessLog, writeAccessReport } from '../../infra/access/access-report.ts';
import type { CliCommand } from '../cli-command.types.ts';
import { parseBoundary } from './audit.command.ts';
import { throughOwnerOrLocally, terminal } from './through-owner.ts';

const USAGE = 'usage: samband access report --from <date> --to <date> [--agency <id>] [--person <id>] [--format text|csv]';

export interface AccessReportRequest {
  from: string;
  to: string;
  agency?: string;
  person?: string;
  format: 'text' | 'csv';
}

/**
 * `samband access report`: who was shown which incident, through which surface, on which ground, between two days
 * (local days in Europe/Stockholm, `to` inclusive), for the data protection officer's follow-up. The read log's
 * chain is checked first; a broken chain is said on stderr and the exit code is 1.
 */
export const accessReportCommand: CliCommand = {
  usage: `${'access report --from <d> --to <d>'.padEnd(40)} the read log: who saw which incident [--agency] [--person] [--format csv]`,
  matches: (positional) => positional[0] === 'access' && positional[1] === 'report',
  run(_positional, options) {
    const { from, to, agency, person, format = 'text' } = options;
    if (typeof from !== 'string' || typeof to !== 'string') throw new Error(USAGE);
    if (format !== 'text' && format !== 'csv') throw new Error(`--format must be text or csv\n${USAGE}`);
    if (agency === true || person === true) throw new Error(USAGE);
    parseBoundary(from, false);
    parseBoundary(to, true);
    const request: AccessReportRequest = { from, to, agency, person, format };
    return throughOwnerOrLocally({ command: 'access-report', ...request }, async () => {
      const env = readEnv();
      const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR });
      try {
        await applyMigrations(db);
        return await runAccessReport(db, request, terminal);
      } finally {
        await db.close();
      }
    });
  },
};

/** Writes the extract of an open database to `output`. */
export async function runAccessReport(db: Database, request: AccessReportRequest, output: CliOutput): Promise<number> {
  const chain = await verifyAccessLog(db);
  const count = await writeAccessReport(db, output.stdout, {
    from: parseBoundary(request.from, false), to: parseBoundary(request.to, true),
    agencyId: request.agency, personId: request.person, format: request.format,
  });
  output.stderr.write(`${count} disclosure(s)\n`);
  if (chain.firstBreak) {
    output.stderr.write(`read log broken at entry ${chain.firstBreak.seq}: ${chain.firstBreak.reason}; ${chain.checked} entries before it are intact\n`);
    return 1;
  }
  return 0;
}
