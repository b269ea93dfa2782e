import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/core/commands/parse-command.ts';
import { parseActionSubmission, parseFormSubmission } from '../../src/core/commands/parse-submission.ts';
import { assertNoControlCharacters } from '../../src/core/commands/control-characters.ts';
import { errorText } from '../../src/core/messages/i18n.ts';
import type { Directory } from '../../src/core/directory/directory.ts';
import { CoreError } from '../../src/core/shared/core-error.ts';

// The refusal happens before the directory is read: a directory that throws when touched proves it.
const untouchable = new Proxy({}, { get: () => { throw new Error('directory read'); } }) as Directory;
const context = { directory: untouchable, locale: 'sv' as const, now: new Date('2026-03-10T12:00:00Z'), selfId: 'karin.dahl' };

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof CoreError) return error.code;
    throw error;
  }
};

describe('control characters in what people send', () => {
  it.each([
    ['NUL', 'incident Rinkeby 2 sten\u0000kastning'],
    ['bell', 'note 42 \u0007'],
    ['escape', 'incident Tensta 1 \u001b[31mröd'],
    ['DEL', 'status 4\u007f2'],
    ['C1 control', 'note 42 text\u0085'],
  ])('refuses typed text with %s before anything else', (_name, text) => {
    expect(codeOf(() => parseCommand(text, context))).toBe('control_characters');
  });

  it('accepts tab, newline and carriage return (pasted text has them)', () => {
    expect(parseCommand('help\t\r\n', context)).toEqual({ kind: 'help' });
    expect(() => assertNoControlCharacters('rad ett\nrad två\r\n\tindrag')).not.toThrow();
  });

  it('refuses button payloads and reasons carrying them, also JSON-escaped, and form fields and keys', () => {
    expect(codeOf(() => parseActionSubmission('{"action":"ack","incidentRef":"42","agencyId":"polisen\\u0000"}'))).toBe('control_characters');
    expect(codeOf(() => parseActionSubmission({ action: 'decline', incidentRef: '42' }, 'fel\u0000område'))).toBe('control_characters');
    expect(codeOf(() => parseFormSubmission({ area: 'rinkeby', category: 'other', severity: '2', description: 'a\u0000b' }, untouchable))).toBe('control_characters');
    expect(codeOf(() => parseFormSubmission({ area: 'rinkeby', 'x\u0000': 'y' }, untouchable))).toBe('control_characters');
    expect(parseActionSubmission({ action: 'ack', incidentRef: '42' })).toMatchObject({ kind: 'incident.ack' });
  });

  it('explains it in Swedish and English, saying nothing was saved', () => {
    expect(errorText('control_characters', 'sv')).toMatch(/styrtecken.*Inget har sparats/);
    expect(errorText('control_characters', 'en')).toMatch(/control characters.*Nothing was saved/);
  });
});
