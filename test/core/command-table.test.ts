import { describe, expect, it } from 'vitest';
import { Directory } from '../../src/core/directory/directory.ts';
import { normalizeName } from '../../src/core/directory/directory.ts';
import type { DirectoryData } from '../../src/core/directory/directory.types.ts';
import { COMMAND_TABLE, commandEntry } from '../../src/core/commands/command-table.ts';
import { parseCommand } from '../../src/core/commands/parse-command.ts';
import { parseActionSubmission, parseFormSubmission } from '../../src/core/commands/parse-submission.ts';
import type { ParseContext } from '../../src/core/commands/parse-context.ts';
import type { CommandKind } from '../../src/core/commands/command.types.ts';
import { SHIFT_VERBS } from '../../src/core/shift/shift.parser.ts';
import { HANDOVER_VERBS } from '../../src/core/handover/handover.parser.ts';
import { DIGEST_VERBS } from '../../src/core/digest/digest.parser.ts';
import { PACK_VERBS } from '../../src/core/pack/pack.parser.ts';
import { ACTION_VERBS } from '../../src/core/action/action.parser.ts';
import { CoreError, type ErrorCode } from '../../src/core/shared/core-error.ts';
import { ERROR_TEXTS } from '../../src/core/messages/error-texts.ts';
import { errorText } from '../../src/core/messages/i18n.ts';

// The one command table, read without a database: a directory of its own, the core's parser, the messages layer.

const name = (sv: string, en = sv) => ({ sv, en });
const data: DirectoryData = {
  settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 2, defaultCategory: 'other', maxDescriptionLength: 200 },
  areas: [
    { id: 'stockholm', parentId: null, level: 'city', name: name('Stockholm'), aliases: [] },
    { id: 'jarva', parentId: 'stockholm', level: 'district', name: name('Järva'), aliases: [] },
    { id: 'rinkeby', parentId: 'jarva', level: 'area', name: name('Rinkeby'), aliases: ['rinkeby centrum'] },
    { id: 'tensta', parentId: 'jarva', level: 'area', name: name('Tensta'), aliases: [] },
  ],
  agencies: [
    { id: 'polisen', name: name('Polisen', 'Police'), sensitivity: 2 },
    { id: 'socialtjansten', name: name('Socialtjänsten', 'Social services'), sensitivity: 2 },
  ],
  categories: [
    { id: 'other', name: name('Övrigt', 'Other'), keywords: [] },
    { id: 'violence', name: name('Våld', 'Violence'), keywords: ['bråk'] },
  ],
  severities: [1, 2, 3, 4].map((level) => ({ level, name: name(`Nivå ${level}`, `Level ${level}`), ackDeadlineMinutes: 60 })),
  rules: [],
  people: [
    { id: 'karin.dahl', name: 'Karin Dahl', role: 'admin', agencyId: 'polisen', areaIds: ['jarva'], locale: 'sv', onDuty: true },
    { id: 'eva', name: 'Eva Kväll', role: 'field_staff', agencyId: 'socialtjansten', areaIds: [], locale: 'en', onDuty: false },
    { id: 'nils', name: 'Nils Utan', role: 'field_staff', agencyId: null, areaIds: [], locale: 'sv', onDuty: false },
  ],
  addresses: [],
  identities: [],
};
const directory = new Directory(data);
// 2026-03-10 13:00 in Stockholm: `idag` is 2026-03-10.
const context: ParseContext = { directory, locale: 'sv', now: new Date('2026-03-10T12:00:00Z'), selfId: 'karin.dahl' };
const parse = (text: string, self = 'karin.dahl') => parseCommand(text, { ...context, selfId: self });

function failure(run: () => unknown): { code: ErrorCode; params: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error('expected a CoreError');
}

/** Arguments that make a valid command of each row, and the kind they give. */
const SAMPLES: Record<string, [args: string, kind: CommandKind]> = {
  'incident': ['Rinkeby 2 stenkastning mot buss', 'incident.register'],
  'incident.list': ['Rinkeby', 'incident.list'],
  'help': ['', 'help'],
  'incident.ack': ['42', 'incident.ack'],
  'incident.responding': ['INC-2026-0042', 'incident.responding'],
  'incident.decline': ['42 fel område', 'incident.decline'],
  'incident.note': ['42 polis på plats', 'incident.note'],
  'incident.close': ['42', 'incident.close'],
  'incident.reopen': ['42', 'incident.reopen'],
  'incident.status': ['#42', 'incident.status'],
  'incident.hold': ['42', 'incident.hold'],
  'incident.release': ['42', 'incident.release'],
  'shift': ['Järva', 'shift.who'],
  'handover': ['Lugnt pass.', 'handover.send'],
  'digest': ['igår Rinkeby', 'digest.show'],
  'shift.who': ['polisen', 'shift.who'],
  'shift.on': ['eva till 19:00', 'shift.on'],
  'shift.off': ['', 'shift.off'],
  'shift.plan': ['polis idag', 'shift.plan'],
  'shift.rosters': ['', 'shift.rosters'],
  'shift.swap': ['polis 2026-03-12 dag eva me', 'shift.override'],
  'shift.add': ['polis imorgon dag eva', 'shift.override'],
  'shift.remove': ['polis imorgon kvall eva', 'shift.override'],
  'shift.assign': ['polis dag eva mon-fri', 'shift.assign'],
  'shift.unassign': ['polis dag eva', 'shift.unassign'],
  'handover.accept': ['HO-0001', 'handover.accept'],
  'handover.questions': ['HO-0001 vem ringer familjen?', 'handover.accept'],
  'handover.list': ['', 'handover.list'],
  'handover.timeline': ['42', 'handover.timeline'],
  'digest.subscribe': ['Rinkeby 07:30 en', 'digest.subscribe'],
  'digest.unsubscribe': ['sub-1234', 'digest.unsubscribe'],
  'digest.subscriptions': ['', 'digest.subscriptions'],
  // Weekly pack (issue 13, pack)
  'pack': ['Järva 2026-W10', 'pack.show'],
  'pack.subscribe': ['Järva mån 08:00', 'pack.subscribe'],
  'pack.unsubscribe': ['pack-1234', 'pack.unsubscribe'],
  'pack.subscriptions': ['', 'pack.subscriptions'],
  // Lead agency and situation reports
  'incident.lead': ['42 polisen', 'incident.lead'],
  'incident.sitrep': ['42 läge: lugnt åtgärder: patrull behov: inga', 'incident.sitrep'],
  // Agency actions (issue 13)
  'action': ['42 polisen öka patrulleringen', 'action.propose'],
  'action.accept': ['42/1', 'action.accept'],
  'action.decline': ['42/1 inte vårt uppdrag', 'action.decline'],
  'action.done': ['42/1', 'action.done'],
};

const DOMAINS = [
  { word: 'shift', verbs: SHIFT_VERBS },
  { word: 'handover', verbs: HANDOVER_VERBS },
  { word: 'digest', verbs: DIGEST_VERBS },
  { word: 'pack', verbs: PACK_VERBS },
  // Agency actions (issue 13)
  { word: 'action', verbs: ACTION_VERBS },
];

describe('the command table', () => {
  it('lists every first word once, normalised (no diacritics, lower case), Swedish and English', () => {
    const words = COMMAND_TABLE.flatMap((entry) => entry.words);
    expect(new Set(words).size).toBe(words.length);
    for (const word of words) expect(normalizeName(word), word).toBe(word);
    expect(COMMAND_TABLE.map((entry) => entry.name).sort()).toEqual(Object.keys(SAMPLES).filter((n) => !n.includes('.') || n.startsWith('incident.')).sort());
  });

  it.each(COMMAND_TABLE.flatMap((entry) => entry.words.map((word) => [word, entry.name] as const)))('"%s" starts %s', (word, row) => {
    const [args, kind] = SAMPLES[row];
    expect(parse(`${word} ${args}`).kind).toBe(kind);
    // Typed with a slash and capitals, as in Slack and Teams.
    expect(parse(`/${word.toUpperCase()} ${args}`).kind).toBe(kind);
  });

  it.each(DOMAINS.flatMap(({ word, verbs }) => verbs.flatMap((verb) => verb.words.map((w) => [`${word} ${w}`, verb.name] as const))))(
    '"%s" is %s', (typed, row) => {
      const [args, kind] = SAMPLES[row];
      expect(parse(`${typed} ${args}`).kind).toBe(kind);
    },
  );

  it('takes the Swedish words with their letters: "lägg-till", "överlämning", "hjälp", "läge"', () => {
    expect(parse('skift lägg-till polis idag dag eva')).toMatchObject({ kind: 'shift.override', edit: 'add', date: '2026-03-10' });
    expect(parse('överlämning lista').kind).toBe('handover.list');
    expect(parse('hjälp').kind).toBe('help');
    expect(parse('läge 42').kind).toBe('incident.status');
    expect(parse('sammanfattning prenumerationer').kind).toBe('digest.subscriptions');
  });

  it('reads `/incident <command>` as the command (the slash command of every surface)', () => {
    expect(parse('/incident ack 42')).toEqual({ kind: 'incident.ack', incident: { number: 42, text: '42' } });
    expect(parse('/incident shift plan idag')).toEqual({ kind: 'shift.plan', rosters: [], date: '2026-03-10' });
    expect(parse('/incident')).toEqual({ kind: 'incident.form' });
    expect(parse('')).toEqual({ kind: 'help' });
  });

  it('gives each variant its typed arguments', () => {
    expect(parse('incident Rinkeby 3 #violence bråk vid torget känsligt: namn')).toEqual({
      kind: 'incident.register', areaId: 'rinkeby', severity: 3, categoryId: 'violence', description: 'bråk vid torget', sensitiveDetails: 'namn',
    });
    expect(parse('incident Rinkeby centrum bråk utanför')).toMatchObject({ areaId: 'rinkeby', severity: 2, categoryId: 'violence' });
    expect(parse('shift')).toEqual({ kind: 'shift.who' });
    expect(parse('shift Järva')).toEqual({ kind: 'shift.who', target: { areaId: 'jarva' } });
    expect(parse('shift who Police')).toEqual({ kind: 'shift.who', target: { agencyId: 'polisen' } });
    expect(parse('shift on')).toEqual({ kind: 'shift.on', personId: 'karin.dahl', until: undefined });
    expect(parse('shift on eva till 7')).toEqual({ kind: 'shift.on', personId: 'eva', until: '07:00' });
    expect(parse('shift off jag')).toEqual({ kind: 'shift.off', personId: 'karin.dahl' });
    expect(parse('shift swap polis imorgon dag eva me')).toEqual({
      kind: 'shift.override', edit: 'swap', roster: 'polis', date: '2026-03-11', shift: 'dag', personId: 'eva', incomingId: 'karin.dahl',
    });
    expect(parse('shift assign polis natt eva vardagar')).toEqual({ kind: 'shift.assign', roster: 'polis', shift: 'natt', personId: 'eva', weekdays: [1, 2, 3, 4, 5] });
    expect(parse('shift assign polis natt eva')).toMatchObject({ weekdays: [] });
    expect(parse('handover polis Lugnt pass')).toEqual({ kind: 'handover.send', text: 'polis Lugnt pass' });
    expect(parse('handover accept HO-7 vem ringer?')).toEqual({ kind: 'handover.accept', handover: 'HO-7', questions: 'vem ringer?' });
    expect(parse('handover timeline INC-2026-0042')).toEqual({ kind: 'handover.timeline', incident: { number: 42, text: 'INC-2026-0042' } });
    expect(parse('digest 2026-03-01 Tensta polisen en')).toEqual({
      kind: 'digest.show', date: '2026-03-01', areaIds: ['tensta'], agencyIds: ['polisen'], locale: 'en',
    });
    expect(parse('digest subscribe Järva 06:45 svenska')).toEqual({ kind: 'digest.subscribe', areaIds: ['jarva'], agencyIds: [], time: '06:45', locale: 'sv' });
    expect(parse('digest unsubscribe')).toEqual({ kind: 'digest.unsubscribe', subscriptionId: undefined });
  });
});

describe('every error the parser gives is a code with parameters, rendered in Swedish and English', () => {
  const tooLong = 'x'.repeat(2001);
  const cases: Array<[typed: string, code: ErrorCode, params?: Record<string, unknown>]> = [
    ['hopp 42', 'unknown_command', { word: 'hopp' }],
    ['incident Rinkbey 2 sten', 'unknown_area', { area: 'Rinkbey', suggestions: 'Rinkeby' }],
    ['list Mars', 'unknown_area'],
    ['incident Rinkeby 2', 'missing_description'],
    [`incident Rinkeby 2 ${'y'.repeat(201)}`, 'description_too_long', { length: 201, max: 200 }],
    ['incident Rinkeby 9 sten', 'unknown_severity', { severity: '9', levels: '1, 2, 3, 4' }],
    ['incident Rinkeby #brand eld', 'unknown_category', { category: 'brand' }],
    ['ack', 'missing_ref', { command: 'ack' }],
    ['ack fyrtiotvå', 'bad_ref', { ref: 'fyrtiotvå' }],
    ['decline 42', 'missing_reason', { ref: '42' }],
    ['note 42', 'missing_text', { ref: '42' }],
    [`note 42 ${tooLong}`, 'text_too_long', { length: 2001, max: 2000 }],
    ['note 42 a\u0000b', 'control_characters'],
    ['shift swap polis', 'usage', { usage: 'shift swap <roster> <date> <shift> <out> <in>' }],
    ['shift add polis sen dag eva', 'bad_date', { date: 'sen' }],
    ['shift on till 25:00', 'bad_time', { time: '25:00' }],
    ['shift assign polis dag eva mon-fredagkväll', 'bad_days'],
    ['shift on greta', 'unknown_named_person', { person: 'greta' }],
    ['shift Mars', 'unknown_target', { text: 'Mars' }],
    ['shift on nils', 'no_agency', { person: 'Nils Utan' }],
    ['handover questions HO-1', 'missing_text', { ref: 'HO-1' }],
    ['handover timeline', 'missing_ref', { command: 'handover timeline' }],
    [`handover ${tooLong}`, 'text_too_long'],
    ['digest förrgår', 'unknown_digest_word', { word: 'förrgår' }],
  ];

  it.each(cases)('"%s" -> %s', (typed, code, params) => {
    const error = failure(() => parse(typed));
    expect(error.code).toBe(code);
    if (params) expect(error.params).toMatchObject(params);
    const sv = errorText(error.code, 'sv', error.params as never);
    const en = errorText(error.code, 'en', error.params as never);
    expect(sv).not.toBe(en);
    expect(`${sv} ${en}`).not.toMatch(/\{\w+\}|undefined/);
  });

  it('buttons: each payload variant, the old handover payload, and anything else refused', () => {
    expect(parseActionSubmission({ action: 'ack', incidentRef: 'INC-2026-0042', agencyId: 'polisen' })).toEqual({
      kind: 'incident.ack', incident: { number: 42, text: 'INC-2026-0042' }, agencyId: 'polisen',
    });
    expect(parseActionSubmission(JSON.stringify({ action: 'decline', incidentRef: '42' }), ' fel område ')).toMatchObject({ kind: 'incident.decline', reason: 'fel område' });
    expect(parseActionSubmission({ action: 'handover.accept', handoverRef: 'HO-0003' })).toEqual({ kind: 'handover.accept', handover: 'HO-0003', questions: undefined });
    expect(parseActionSubmission({ action: 'handover.questions', handoverRef: 'HO-0003' }, 'vem?')).toEqual({ kind: 'handover.accept', handover: 'HO-0003', questions: 'vem?' });
    expect(parseActionSubmission({ action: 'ext.handover.accept', incidentRef: 'HO-0003' })).toEqual({ kind: 'handover.accept', handover: 'HO-0003', questions: undefined });
    expect(failure(() => parseActionSubmission({ action: 'decline', incidentRef: '42' })).code).toBe('missing_reason');
    expect(failure(() => parseActionSubmission({ action: 'handover.questions', handoverRef: 'HO-1' }, '  ')).code).toBe('missing_text');
    for (const bad of [undefined, 'not json', { action: 'ack' }, { action: 'explode', incidentRef: '42' }, { action: 'ack', incidentRef: 'x' },
      { action: 'handover.accept', incidentRef: 'HO-1' }, { action: 'ext.shift.on', incidentRef: '1' }]) {
      expect(failure(() => parseActionSubmission(bad)).code, JSON.stringify(bad)).toBe('invalid_action');
    }
  });

  it('forms: checked like typed text', () => {
    expect(parseFormSubmission({ area: 'rinkeby', category: 'violence', severity: '1', description: 'bråk' }, directory)).toMatchObject({ kind: 'incident.register', severity: 1 });
    expect(failure(() => parseFormSubmission({ area: 'rinkeby' }, directory))).toMatchObject({ code: 'invalid_form' });
    expect(failure(() => parseFormSubmission({ area: 'mars', category: 'other', severity: 2, description: 'x' }, directory)).code).toBe('unknown_area');
  });

  it('every code has a Swedish and an English text', () => {
    for (const [code, texts] of Object.entries(ERROR_TEXTS)) {
      const [sv, en] = [errorText(code as ErrorCode, 'sv'), errorText(code as ErrorCode, 'en')];
      expect(sv.length, code).toBeGreaterThan(5);
      expect(en, code).not.toBe(sv);
      expect(Object.keys(texts).sort()).toEqual(['en', 'sv']);
    }
  });

  it('a localised parameter is shown in the reader\'s language', () => {
    expect(errorText('digest_scope', 'sv', { areas: { sv: 'Järva', en: 'Jarva district' } })).toBe('Du kan bara se sammanfattningar för dina egna områden (Järva).');
    expect(errorText('digest_scope', 'en', { areas: { sv: 'Järva', en: 'Jarva district' } })).toBe('You can only see digests for your own areas (Jarva district).');
  });

  it('looks a row up by its normalised word', () => {
    expect(commandEntry('kvittera')?.name).toBe('incident.ack');
    expect(commandEntry('skift')?.name).toBe('shift');
    expect(commandEntry('hopp')).toBeUndefined();
  });
});

describe('the weekly pack\'s words', () => {
  it('reads an area, a week in three spellings and a language in any order; a bare week number is the latest that started', () => {
    expect(parse('veckopaket Rinkeby centrum 2026-W09')).toEqual({ kind: 'pack.show', areaId: 'rinkeby', week: '2026-W09', locale: undefined });
    expect(parse('pack v10 Järva en')).toEqual({ kind: 'pack.show', areaId: 'jarva', week: '2026-W10', locale: 'en' });
    // On 10 March 2026, week 48 of 2026 has not started: 48 is last year's.
    expect(parse('pack 48')).toEqual({ kind: 'pack.show', areaId: undefined, week: '2025-W48', locale: undefined });
    expect(parse('pack subscribe fredag 7.30 Tensta')).toEqual({ kind: 'pack.subscribe', areaId: 'tensta', weekday: 5, time: '07:30', locale: undefined });
  });

  it('refuses what is no area, week or language, and a subscription without a day and a time', () => {
    expect(failure(() => parse('pack Järva 2026-W54'))).toEqual({ code: 'pack_week', params: { week: '2026-W54' } });
    expect(failure(() => parse('pack Järva nästa'))).toEqual({ code: 'pack_word', params: { word: 'nästa' } });
    expect(failure(() => parse('pack Rinkby'))).toMatchObject({ code: 'unknown_area', params: { area: 'Rinkby' } });
    expect(failure(() => parse('pack subscribe Järva 08:00'))).toEqual({ code: 'pack_weekday', params: {} });
    expect(failure(() => parse('pack subscribe Järva mån'))).toEqual({ code: 'pack_weekday', params: {} });
  });
});
