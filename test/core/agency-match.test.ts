import { describe, expect, it } from 'vitest';
import { Directory } from '../../src/core/directory/directory.ts';
import type { DirectoryData } from '../../src/core/directory/directory.types.ts';
import { findAgency, matchAgency } from '../../src/core/commands/agency-match.ts';

// The one rule for naming an agency (used by `action` proposals and forms, and by `lead`).

const name = (sv: string, en = sv) => ({ sv, en });
const directory = new Directory({
  settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 2, defaultCategory: 'other', maxDescriptionLength: 200 },
  areas: [{ id: 'stockholm', parentId: null, level: 'city', name: name('Stockholm'), aliases: [] }],
  agencies: [
    { id: 'polisen', name: name('Polismyndigheten', 'Swedish Police Authority'), sensitivity: 2 },
    { id: 'socialtjansten', name: name('Socialtjänsten', 'Social services'), sensitivity: 2 },
    { id: 'social', name: name('Social', 'Social'), sensitivity: 2 },
  ],
  categories: [{ id: 'other', name: name('Övrigt', 'Other'), keywords: [] }],
  severities: [{ level: 2, name: name('Hög', 'High'), ackDeadlineMinutes: 15 }],
  rules: [],
  people: [],
  addresses: [],
  identities: [],
} satisfies DirectoryData);
const words = (text: string) => text.split(' ');

describe('agency names', () => {
  it('reads the id or either name, any case, with or without diacritics, and says how many words it used', () => {
    expect(matchAgency(directory, words('polisen öka patrullering'))).toMatchObject({ agency: { id: 'polisen' }, used: 1 });
    expect(matchAgency(directory, words('SOCIALTJANSTEN ring'))).toMatchObject({ agency: { id: 'socialtjansten' }, used: 1 });
    expect(matchAgency(directory, words('Swedish police authority patrol the square'))).toMatchObject({ agency: { id: 'polisen' }, used: 3 });
  });

  it('takes the longest name that matches: "Social services" before the agency called "Social"', () => {
    expect(matchAgency(directory, words('social services call the guardians'))).toMatchObject({ agency: { id: 'socialtjansten' }, used: 2 });
    expect(matchAgency(directory, words('social call the guardians'))).toMatchObject({ agency: { id: 'social' }, used: 1 });
  });

  it('never guesses', () => {
    expect(matchAgency(directory, words('polis patrol'))).toBeUndefined();
    expect(matchAgency(directory, [])).toBeUndefined();
    expect(findAgency(directory, 'polisen extra')).toBeUndefined();
    expect(findAgency(directory, '')).toBeUndefined();
  });

  it('findAgency wants the whole text to name the agency', () => {
    expect(findAgency(directory, '  Swedish   Police Authority ')?.id).toBe('polisen');
    expect(findAgency(directory, 'socialtjänsten')?.id).toBe('socialtjansten');
  });
});
