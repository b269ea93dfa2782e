import { describe, expect, it } from 'vitest';
import { Directory } from '../../src/core/directory/directory.ts';
import type { DirectoryData } from '../../src/core/directory/directory.types.ts';
import { parseCommand } from '../../src/core/commands/parse-command.ts';
import { parseActionSubmission } from '../../src/core/commands/parse-submission.ts';
import type { ParseContext } from '../../src/core/commands/parse-context.ts';
import { CoreError, type ErrorCode } from '../../src/core/shared/core-error.ts';
import { errorText } from '../../src/core/messages/i18n.ts';
import { parseActionRef } from '../../src/core/action/action.types.ts';

// The action rows of the command table and the action buttons, read without a database.

const name = (sv: string, en = sv) => ({ sv, en });
const data: DirectoryData = {
  settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 2, defaultCategory: 'other', maxDescriptionLength: 200 },
  areas: [{ id: 'stockholm', parentId: null, level: 'city', name: name('Stockholm'), aliases: [] }],
  agencies: [
    { id: 'polisen', name: name('Polismyndigheten', 'Swedish Police Authority'), sensitivity: 2 },
    { id: 'socialtjansten', name: name('Socialtjänsten', 'Social services'), sensitivity: 2 },
  ],
  categories: [{ id: 'other', name: name('Övrigt', 'Other'), keywords: [] }],
  severities: [{ level: 2, name: name('Hög', 'High'), ackDeadlineMinutes: 15 }],
  rules: [],
  people: [{ id: 'maria', name: 'Maria', role: 'supervisor', agencyId: 'socialtjansten', areaIds: ['stockholm'], locale: 'sv', onDuty: true }],
  addresses: [],
  identities: [],
};
// 2026-03-10 13:00 in Stockholm.
const context: ParseContext = { directory: new Directory(data), locale: 'sv', now: new Date('2026-03-10T12:00:00Z'), selfId: 'maria' };
const parse = (text: string) => parseCommand(text, context);

function failure(run: () => unknown): { code: ErrorCode; text: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return { code: error.code, text: errorText(error.code, 'en', error.params) };
    throw error;
  }
  throw new Error('expected a CoreError');
}

describe('action commands', () => {
  it('reads a proposal in Swedish and English: agency by id or name (several words), due date with or without a time', () => {
    expect(parse('åtgärd 42 socialtjänsten ring vårdnadshavarna senast 2026-03-12')).toEqual({
      kind: 'action.propose', incident: { number: 42, text: '42' }, agencyId: 'socialtjansten', text: 'ring vårdnadshavarna',
      dueAt: new Date('2026-03-12T22:59:00Z'),
    });
    expect(parse('/action INC-2026-0042 Swedish Police Authority patrol the square due tomorrow 18:00')).toMatchObject({
      agencyId: 'polisen', text: 'patrol the square', dueAt: new Date('2026-03-11T17:00:00Z'),
    });
    expect(parse('action 42 polisen patrol the square')).toMatchObject({ text: 'patrol the square', dueAt: undefined });
    // `due` followed by words that are no date is part of the text.
    expect(parse('action 42 polisen extra patrols due to the risk')).toMatchObject({ text: 'extra patrols due to the risk', dueAt: undefined });
    expect(parse('incident åtgärd 42 polisen x').kind).toBe('action.propose');
  });

  it('reads accept, decline with its reason and done with an optional note', () => {
    expect(parse('åtgärd acceptera 42/1')).toEqual({ kind: 'action.accept', action: { number: 42, seq: 1, text: '42/1' } });
    expect(parse('action decline INC-2026-0042/2 not our remit')).toEqual({ kind: 'action.decline', action: { number: 42, seq: 2, text: 'INC-2026-0042/2' }, reason: 'not our remit' });
    expect(parse('åtgärd avböj 42/2 inte vårt')).toMatchObject({ kind: 'action.decline', reason: 'inte vårt' });
    expect(parse('åtgärd klar 42/1')).toEqual({ kind: 'action.done', action: { number: 42, seq: 1, text: '42/1' }, note: undefined });
    expect(parse('action done 42/1 patrolled all evening')).toMatchObject({ note: 'patrolled all evening' });
  });

  it('explains bad input: unknown agency, bad reference, bad date and time, missing reason or text', () => {
    expect(failure(() => parse('action 42 nosuch patrol'))).toEqual({ code: 'unknown_agency', text: 'Unknown agency "nosuch". Agencies: polisen, socialtjansten. Nothing was changed.' });
    expect(failure(() => parse('action accept 42/x'))).toEqual({ code: 'bad_action_ref', text: '"42/x" is not an action. Write incident/number, e.g. 42/1.' });
    expect(failure(() => parse('action accept 42')).code).toBe('bad_action_ref');
    expect(failure(() => parse('action accept 42/0')).code).toBe('bad_action_ref');
    expect(failure(() => parse('action accept')).code).toBe('usage');
    expect(failure(() => parse('action 42 polisen patrol due 2026-02-30'))).toMatchObject({ code: 'bad_date' });
    expect(failure(() => parse('action 42 polisen patrol due 2026-03-12 25:00'))).toMatchObject({ code: 'bad_time' });
    expect(failure(() => parse('action 42 polisen due tomorrow')).code).toBe('usage');
    expect(failure(() => parse('action x polisen patrol')).code).toBe('bad_ref');
    expect(failure(() => parse('action decline 42/1')).text).toBe('Say why you decline, e.g. action decline 42/1 not our remit.');
  });

  it('reads the action buttons through their zod variant; decline needs a reason', () => {
    expect(parseActionSubmission({ action: 'action.accept', actionRef: 'INC-2026-0042/1' })).toEqual({ kind: 'action.accept', action: { number: 42, seq: 1, text: 'INC-2026-0042/1' } });
    expect(parseActionSubmission(JSON.stringify({ action: 'action.decline', actionRef: '42/1' }), 'inte vårt')).toMatchObject({ kind: 'action.decline', reason: 'inte vårt' });
    expect(parseActionSubmission({ action: 'action.done', actionRef: '42/1' }, '  ')).toMatchObject({ kind: 'action.done', note: undefined });
    expect(failure(() => parseActionSubmission({ action: 'action.decline', actionRef: '42/1' })).code).toBe('missing_action_reason');
    expect(failure(() => parseActionSubmission({ action: 'action.accept', actionRef: '42' })).code).toBe('invalid_action');
    expect(failure(() => parseActionSubmission({ action: 'action.accept' })).code).toBe('invalid_action');
  });

  it('reads the "Propose action" form like the typed command after the incident number; bad input says how', () => {
    const form = (typed: string) => parseActionSubmission({ action: 'action.propose', incidentRef: 'INC-2026-0042' }, typed, context);
    expect(form('socialtjänsten ring vårdnadshavarna senast 2026-03-12')).toEqual({
      ...parse('åtgärd INC-2026-0042 socialtjänsten ring vårdnadshavarna senast 2026-03-12'),
    });
    expect(form('  Swedish Police Authority  patrol the square ')).toMatchObject({ kind: 'action.propose', agencyId: 'polisen', text: 'patrol the square' });
    expect(failure(() => form('nosuch patrol')).code).toBe('unknown_agency');
    expect(failure(() => form('polisen'))).toEqual({ code: 'usage', text: expect.stringContaining('<myndighet> <text> [senast <datum>]') });
    expect(failure(() => form('')).code).toBe('usage');
    expect(failure(() => form('polisen patrol due 2026-02-30')).code).toBe('bad_date');
    // Without a parse context (no directory, no clock) the form cannot be read: refused, never guessed.
    expect(failure(() => parseActionSubmission({ action: 'action.propose', incidentRef: '42' }, 'polisen patrol')).code).toBe('invalid_action');
    expect(failure(() => parseActionSubmission({ action: 'action.propose', incidentRef: 'x' }, 'polisen patrol', context)).code).toBe('invalid_action');
  });

  it('parses references: `42/1`, `INC-2026-0042/3`, nothing else', () => {
    expect(parseActionRef('INC-2026-0042/3')).toEqual({ number: 42, seq: 3, text: 'INC-2026-0042/3' });
    for (const bad of ['42', '/1', '42/', '42/1/2', 'x/1', '42/-1']) expect(parseActionRef(bad), bad).toBeUndefined();
  });
});
