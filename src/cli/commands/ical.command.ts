import type { Database } from '../../infra/db/database.ts';
import type { CliOutput } from '../../infra/local-cli/local-cli.types.ts';
import { PrismaCalendarTokenStore } from '../../infra/calendar/prisma-calendar-token-store.ts';
import { PrismaShiftStore } from '../../infra/shift/prisma-shift-store.ts';
import type { RosterSource } from '../../core/shift/shift.port.ts';
import type { DirectoryReader } from '../../core/directory/directory.port.ts';
import { systemClock, type Clock } from '../../core/ports/clock.port.ts';
import { CalendarFeedError, issueFeedToken, revokeFeedToken } from '../../core/calendar/calendar-feed.service.ts';
import type { CliCommand } from '../cli-command.types.ts';
import { throughOwnerOrLocally, terminal } from './through-owner.ts';
import { withLocalDeployment } from './local-deployment.ts';

const USAGE = 'usage: samband ical issue <person|roster> [--for <person>] | samband ical revoke <token-id> | samband ical list';

/** What the ical commands need: the open database, its directory, and a clock. */
export interface IcalCliDeps {
  db: Database;
  directory: DirectoryReader;
  clock: Clock;
  shifts: RosterSource;
}

export type IcalCliRequest =
  | { command: 'ical-issue'; subject: string; holder?: string }
  | { command: 'ical-revoke'; id: string }
  | { command: 'ical-list' };

/**
 * `samband ical issue|revoke|list`: private roster feeds. `issue` prints the feed's path with its token (shown this
 * once; only its hash is kept); `revoke` ends a feed by its token id; `list` shows the ids, subjects and states (never
 * tokens). Issuing and revoking are audited. Through the running server on an embedded folder.
 */
export const icalCommand: CliCommand = {
  usage: `${'ical issue|revoke|list'.padEnd(40)} private calendar feeds of rosters: issue <person|roster> [--for <person>], revoke <id>`,
  matches: (positional) => positional[0] === 'ical',
  run(positional, options) {
    const [, sub, arg] = positional;
    let request: IcalCliRequest;
    if (sub === 'issue' && arg && options.for !== true) request = { command: 'ical-issue', subject: arg, holder: options.for as string | undefined };
    else if (sub === 'revoke' && arg) request = { command: 'ical-revoke', id: arg };
    else if (sub === 'list') request = { command: 'ical-list' };
    else throw new Error(USAGE);
    return throughOwnerOrLocally(request, () => withLocalDeployment({ loadConfig: true }, ({ db, directory }) =>
      runIcalCli({ db, directory, clock: systemClock, shifts: new PrismaShiftStore(db, systemClock) }, request, terminal)));
  },
};

/** Runs one ical request on an open database; a refused request (unknown person, revoked token) exits 1 and changes nothing. */
export async function runIcalCli(deps: IcalCliDeps, request: IcalCliRequest, output: CliOutput): Promise<number> {
  const tokens = new PrismaCalendarTokenStore(deps.db);
  const feedDeps = { directory: deps.directory, clock: deps.clock, tokens, shifts: deps.shifts };
  const actor = { actorId: 'cli', platform: 'cli' as const };
  try {
    if (request.command === 'ical-issue') {
      const issued = await issueFeedToken(feedDeps, actor, request.subject, request.holder);
      output.stdout.write(`${issued.id}\t${issued.subject.type} ${issued.subject.id}\n/ical/${issued.token}\n`);
      output.stderr.write(`the token is shown only now; end the feed with: samband ical revoke ${issued.id}\n`);
      return 0;
    }
    if (request.command === 'ical-revoke') {
      const revoked = await revokeFeedToken(feedDeps, actor, request.id);
      output.stdout.write(`${revoked.id}\trevoked\n`);
      return 0;
    }
    for (const t of await tokens.list()) {
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : 'active';
      output.stdout.write(`${t.id}\t${t.subjectType} ${t.subjectId}${t.holderId && t.subjectType === 'roster' ? ` for ${t.holderId}` : ''}\tissued ${t.createdAt.toISOString()}\t${state}\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof CalendarFeedError)) throw error;
    output.stderr.write(`${error.message}\n`);
    return 1;
  }
}
