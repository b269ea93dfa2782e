import { normalizeName } from '../directory/directory.ts';
import { matchLeadingArea } from '../commands/area-match.ts';
import type { RosterOverrideCommand, ShiftCommand } from '../commands/command.types.ts';
import { usageError, verbTable, type CommandEntry, type ParseContext } from '../commands/parse-context.ts';
import { CoreError } from '../shared/core-error.ts';
import { findPerson, parseDateWord, parseWeekdays, requireClock, requireDate, requirePerson } from './shift-args.ts';
import { st } from './shift.i18n.ts';
import { findAgency } from '../commands/agency-match.ts';

const UNTIL = new Set(['until', 'till', 'to', 'tom', 'fram-till']);

const USAGE = {
  swap: 'shift swap <roster> <date> <shift> <out> <in>',
  add: 'shift add <roster> <date> <shift> <person>',
  remove: 'shift remove <roster> <date> <shift> <person>',
  assign: 'shift assign <roster> <shift> <person> [mon-fri]',
  unassign: 'shift unassign <roster> <shift> <person>',
} as const;

/** `[area|agency]`: whose duty `shift who` shows; nothing means the sender's own agency. */
function parseWho(args: string[], { directory }: ParseContext): ShiftCommand {
  if (args.length === 0) return { kind: 'shift.who' };
  const area = matchLeadingArea(directory, args);
  if (area && area.used === args.length) return { kind: 'shift.who', target: { areaId: area.area.id } };
  const text = args.join(' ');
  const agency = findAgency(directory, text);
  if (agency) return { kind: 'shift.who', target: { agencyId: agency.id } };
  throw new CoreError('unknown_target', { text: text.slice(0, 60) });
}

/** `[roster] [date]` in any order: a word that is a date is the day, any other a roster the use case looks up. */
function parsePlan(args: string[], { directory, now }: ParseContext): ShiftCommand {
  const rosters: string[] = [];
  let date: string | undefined;
  for (const word of args) {
    const day = parseDateWord(word, now, directory.settings.timeZone);
    if (day) date = day;
    else rosters.push(word);
  }
  return { kind: 'shift.plan', rosters, date };
}

/** `[person] [until HH:MM]` in any order; the person defaults to the sender and must belong to an agency. */
function parseDuty(kind: 'shift.on' | 'shift.off', args: string[], { directory, selfId }: ParseContext): ShiftCommand {
  let personId = selfId;
  let until: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    if (UNTIL.has(normalizeName(args[i]))) {
      until = requireClock(args[i + 1] ?? '');
      i += 1;
      continue;
    }
    const found = findPerson(directory, selfId, args[i]);
    if (!found) throw new CoreError('unknown_named_person', { person: args[i].slice(0, 60) });
    personId = found.id;
  }
  const person = directory.person(personId);
  if (!person?.agencyId) throw new CoreError('no_agency', { person: person?.name ?? personId });
  return kind === 'shift.on' ? { kind, personId, until } : { kind, personId };
}

/** `<roster> <date> <shift> <person> [person]`: one day's swap, addition or removal. */
function parseOverride(edit: RosterOverrideCommand['edit'], args: string[], { directory, now, selfId }: ParseContext): ShiftCommand {
  const usage = USAGE[edit];
  const [roster, dateWord, shift, first, second] = args;
  if (!roster) throw usageError(usage);
  const date = requireDate(dateWord, now, directory.settings.timeZone, usage);
  if (!shift) throw usageError(usage);
  const personId = requirePerson(directory, selfId, first, usage).id;
  if (edit !== 'swap') return { kind: 'shift.override', edit, roster, date, shift, personId };
  const incomingId = requirePerson(directory, selfId, second, usage).id;
  return { kind: 'shift.override', edit, roster, date, shift, personId, incomingId };
}

/** `<roster> <shift> <person> [mon-fri]`: a change to who works a shift by default. */
function parseAssignment(edit: 'assign' | 'unassign', args: string[], { directory, selfId }: ParseContext): ShiftCommand {
  const usage = USAGE[edit];
  const [roster, shift, person] = args;
  if (!roster || !shift) throw usageError(usage);
  const personId = requirePerson(directory, selfId, person, usage).id;
  if (edit === 'unassign') return { kind: 'shift.unassign', roster, shift, personId };
  return { kind: 'shift.assign', roster, shift, personId, weekdays: args[3] ? parseWeekdays(args.slice(3).join('')) : [] };
}

const verb = (name: string, words: string[], parse: CommandEntry['parse']): CommandEntry => ({ name: `shift.${name}`, words, parse });

/** The verbs of `shift`, Swedish and English. */
export const SHIFT_VERBS: readonly CommandEntry[] = [
  verb('who', ['who', 'vem', 'now', 'nu'], parseWho),
  verb('on', ['on', 'pa', 'in', 'start', 'borja'], (args, context) => parseDuty('shift.on', args, context)),
  verb('off', ['off', 'av', 'ut', 'slut', 'sluta'], (args, context) => parseDuty('shift.off', args, context)),
  verb('plan', ['plan', 'schema', 'day', 'dag'], parsePlan),
  verb('rosters', ['rosters', 'scheman', 'list', 'lista'], () => ({ kind: 'shift.rosters' })),
  verb('swap', ['swap', 'byt', 'byte'], (args, context) => parseOverride('swap', args, context)),
  verb('add', ['add', 'lagg-till', 'laggtill', 'lagg'], (args, context) => parseOverride('add', args, context)),
  verb('remove', ['remove', 'ta-bort', 'tabort', 'stryk'], (args, context) => parseOverride('remove', args, context)),
  verb('assign', ['assign', 'tilldela'], (args, context) => parseAssignment('assign', args, context)),
  verb('unassign', ['unassign', 'avtilldela'], (args, context) => parseAssignment('unassign', args, context)),
];

/**
 * `/shift` (`/skift`): who is on duty (the default: `shift Järva` is `shift who Järva`), starting and ending duty
 * outside the plan, the day's roster, and admins' roster changes.
 */
export const SHIFT_COMMAND: CommandEntry = {
  name: 'shift',
  words: ['shift', 'shifts', 'skift', 'jour'],
  parse: verbTable(SHIFT_VERBS, parseWho),
  help: (locale) => st('help.lines', locale).split('\n'),
};
