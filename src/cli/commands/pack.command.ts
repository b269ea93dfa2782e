import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Database } from '../../infra/db/database.ts';
import type { CliOutput } from '../../infra/local-cli/local-cli.types.ts';
import { PrismaAccessLog } from '../../infra/access/prisma-access-log.ts';
import { SqlDigestReader } from '../../infra/digest/digest-figures-sql.ts';
import { SqlPackReader } from '../../infra/pack/sql-pack-reader.ts';
import { PrismaShiftStore } from '../../infra/shift/prisma-shift-store.ts';
import type { RosterSource } from '../../core/shift/shift.port.ts';
import type { DirectoryReader } from '../../core/directory/directory.port.ts';
import { systemClock, type Clock } from '../../core/ports/clock.port.ts';
import type { Locale } from '../../core/shared/platform.types.ts';
import { weeklyPack } from '../../core/pack/weekly-pack.service.ts';
import { packExportFiles } from '../../core/pack/pack-export.ts';
import { isPackRefusal } from '../../core/pack/build-weekly-pack.ts';
import { errorText } from '../../core/messages/i18n.ts';
import type { CliCommand } from '../cli-command.types.ts';
import { throughOwnerOrLocally, terminal } from './through-owner.ts';
import { withLocalDeployment } from './local-deployment.ts';

const USAGE = 'usage: samband pack export <area> [--week YYYY-Www] --out DIR [--lang sv|en]';

export interface PackExportRequest {
  area: string;
  week?: string;
  /** Absolute folder (made if missing). */
  out: string;
  locale: Locale;
}

/**
 * `samband pack export <area> [--week YYYY-Www] --out DIR`: the weekly pack of an area or district (default: last
 * week) as files for a records system: a Markdown file and one CSV per table. Run as the deployment's administrator;
 * the incidents it names are recorded in the read log (surface `export`). Through the running server on an embedded folder.
 */
export const packExportCommand: CliCommand = {
  usage: `${'pack export <area> --out DIR'.padEnd(40)} the weekly pack as Markdown + CSV files [--week YYYY-Www] [--lang sv|en]`,
  matches: (positional) => positional[0] === 'pack' && positional[1] === 'export',
  run(positional, options) {
    const area = positional[2];
    const { week, out, lang = 'sv' } = options;
    if (!area || typeof out !== 'string' || week === true || (lang !== 'sv' && lang !== 'en')) throw new Error(USAGE);
    const request: PackExportRequest = { area, week: week as string | undefined, out: resolve(out), locale: lang };
    return throughOwnerOrLocally({ command: 'pack-export', ...request }, () => withLocalDeployment({ loadConfig: true }, ({ db, directory }) =>
      runPackExport({ db, directory, clock: systemClock, shifts: new PrismaShiftStore(db, systemClock) }, request, terminal)));
  },
};

/** Writes the export's files into `request.out` and names each on stdout; a refused pack exits 1 and writes nothing. */
export async function runPackExport(deps: { db: Database; directory: DirectoryReader; clock: Clock; shifts: RosterSource }, request: PackExportRequest, output: CliOutput): Promise<number> {
  const packDeps = {
    directory: deps.directory, clock: deps.clock, accessLog: new PrismaAccessLog(deps.db),
    shifts: deps.shifts, reader: new SqlDigestReader(deps.db.prisma), packs: new SqlPackReader(deps.db.prisma),
  };
  try {
    const pack = await weeklyPack(packDeps, { viewerId: 'cli', areaId: request.area, week: request.week, surface: 'export' });
    const files = packExportFiles(await deps.directory.current(), pack, request.locale);
    mkdirSync(request.out, { recursive: true });
    for (const file of files) {
      writeFileSync(join(request.out, file.name), file.contents, 'utf8');
      output.stdout.write(`${join(request.out, file.name)}\n`);
    }
    output.stderr.write(`weekly pack ${pack.areaId} ${pack.window.week}: ${files.length} file(s)\n`);
    return 0;
  } catch (error) {
    if (!isPackRefusal(error)) throw error;
    output.stderr.write(`${errorText(error.code, request.locale, error.params)}\n`);
    return 1;
  }
}
