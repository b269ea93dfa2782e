import { textTable } from '../kernel/text-table.ts';

/** Texts of shifts and on-duty, Swedish and English. */
export const st = textTable({
  'uncovered.title': { sv: 'Ingen i tjänst: {agency}', en: 'Nobody on duty: {agency}' },
  'uncovered.text': {
    sv: 'Ingen från {agency} är i tjänst för {area} enligt schemat, så {ref} gick till reservadressen. Se till att någon tar den.',
    en: 'Nobody from {agency} is on duty for {area} according to the roster, so {ref} went to the backup address. Make sure someone takes it.',
  },
  'who.title': { sv: 'I tjänst nu', en: 'On duty now' },
  'who.nobody': { sv: 'ingen i tjänst (reservadressen larmas)', en: 'nobody on duty (the backup address is notified)' },
  'who.outside': { sv: 'utanför schemat', en: 'outside the roster' },
  'who.none': { sv: 'Inga scheman täcker det här.', en: 'No roster covers this.' },
  'who.directory': { sv: 'Utan schema (katalogens jourflagga)', en: 'No roster (directory on-duty flag)' },
  'who.off': { sv: 'har gått av: {names}', en: 'off duty: {names}' },
  'plan.title': { sv: 'Schema {roster} {date}', en: 'Roster {roster} {date}' },
  'plan.nobody': { sv: 'ingen', en: 'nobody' },
  'rosters.title': { sv: 'Scheman', en: 'Rosters' },
  'rosters.none': { sv: 'Inga scheman är inlagda.', en: 'No rosters are set up.' },
  'on.done': { sv: '{person} är i tjänst utanför schemat till {until}.', en: '{person} is on duty outside the roster until {until}.' },
  'off.done': { sv: '{person} har gått av tjänst{until}.', en: '{person} is off duty{until}.' },
  'off.until': { sv: ' (schemalagt pass till {until} räknas inte)', en: ' (the rostered shift until {until} no longer counts)' },
  'off.nothing': { sv: '{person} var inte i tjänst. Inget ändrat.', en: '{person} was not on duty. Nothing changed.' },
  'swap.done': { sv: '{roster} {shift} {date}: {out} ersatt av {in}.', en: '{roster} {shift} {date}: {out} replaced by {in}.' },
  'add.done': { sv: '{person} lagd på {roster} {shift} {date}.', en: '{person} added to {roster} {shift} {date}.' },
  'remove.done': { sv: '{person} borttagen från {roster} {shift} {date}.', en: '{person} removed from {roster} {shift} {date}.' },
  'assign.done': { sv: '{person} går nu {roster} {shift} ({days}).', en: '{person} now works {roster} {shift} ({days}).' },
  'unassign.done': { sv: '{person} går inte längre {roster} {shift} ({count} rader borttagna).', en: '{person} no longer works {roster} {shift} ({count} rows removed).' },
  'days.all': { sv: 'alla dagar', en: 'every day' },
  'help.lines': {
    sv: 'shift [område|myndighet]  vem är i tjänst nu\nshift on [person] [till HH:MM] / shift off [person]  börja eller sluta utanför schemat\nshift plan [schema] [datum]  dagens pass\nshift swap|add|remove <schema> <datum> <pass> <person> [person]  ändra en dag (admin)\nshift assign|unassign <schema> <pass> <person> [mån-fre]  ändra grundschemat (admin)',
    en: 'shift [area|agency]  who is on duty now\nshift on [person] [until HH:MM] / shift off [person]  start or end duty outside the roster\nshift plan [roster] [date]  the day\'s shifts\nshift swap|add|remove <roster> <date> <shift> <person> [person]  change one day (admin)\nshift assign|unassign <roster> <shift> <person> [mon-fri]  change the base pattern (admin)',
  },
});
