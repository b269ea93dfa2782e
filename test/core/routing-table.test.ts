import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/infra/db/database.ts';
import { applyMigrations } from '../../src/infra/db/migrator.ts';
import { BUNDLED_CONFIG_PATH, loadConfigFile } from '../../src/infra/config/load-config-file.ts';
import { loadConfigIntoDatabase } from '../../src/infra/config/load-config-into-database.ts';
import { PrismaDirectoryReader } from '../../src/infra/directory/prisma-directory-reader.ts';
import type { Directory } from '../../src/core/directory/directory.ts';
import { routeIncident } from '../../src/core/routing/route-incident.ts';
import { parseCommand } from '../../src/core/commands/parse-command.ts';
import { suggestAreas } from '../../src/core/commands/area-match.ts';
import { formatIncidentRef, parseIncidentRef } from '../../src/core/commands/incident-ref.ts';
import { CoreError } from '../../src/core/shared/core-error.ts';

// The routing of the bundled Stockholm file as a table, on the Directory the app itself builds (file -> database ->
// PrismaDirectoryReader), and the parser's pure rules on the same Directory.

let db: Database;
let directory: Directory;

beforeAll(async () => {
  db = await openDatabase({ databaseUrl: 'pglite:memory' });
  await applyMigrations(db);
  const loaded = await loadConfigFile(BUNDLED_CONFIG_PATH);
  if (!loaded.ok) throw new Error('the bundled configuration does not load');
  await loadConfigIntoDatabase(db, loaded.config, { digest: loaded.digest, source: 'bundled', now: new Date('2026-11-26T09:00:00Z') });
  const c = loaded.config;
  directory = await new PrismaDirectoryReader(db, () => ({
    timeZone: c.timeZone, defaultLocale: c.defaultLocale, defaultSeverity: c.defaultSeverity, defaultCategory: c.defaultCategory,
    maxDescriptionLength: c.maxDescriptionLength,
  })).current();
});
afterAll(async () => {
  await db?.close();
});

const VIOLENCE = ['polisen', 'region-stockholm', 'sig-12-18', 'socialtjansten'];
const VIOLENCE_SEVERE_JARVA_SKARHOLMEN = [...VIOLENCE, 'brandforsvaret', 'kriminalvarden'];
const BASELINE = ['polisen', 'socialtjansten'];
const ECONOMIC = ['arbetsformedlingen', 'ekobrottsmyndigheten', 'forsakringskassan', 'kronofogden', 'polisen', 'skatteverket', 'socialtjansten'];

describe('routeIncident on the bundled Stockholm routing', () => {
  it.each<[string, string, number, string[], string[]]>([
    // area, category, severity -> agencies, of which allowed to see confidential details
    ['rinkeby', 'violence', 3, VIOLENCE, ['polisen', 'socialtjansten']],
    ['rinkeby', 'violence', 2, VIOLENCE_SEVERE_JARVA_SKARHOLMEN, ['polisen', 'socialtjansten']], // rule of the ancestor Järva
    ['jarva', 'violence', 2, VIOLENCE_SEVERE_JARVA_SKARHOLMEN, ['polisen', 'socialtjansten']], // the district itself
    ['kista', 'violence', 1, [...VIOLENCE_SEVERE_JARVA_SKARHOLMEN, 'aklagarmyndigheten'], ['aklagarmyndigheten', 'polisen', 'socialtjansten']],
    ['varberg', 'violence', 2, VIOLENCE_SEVERE_JARVA_SKARHOLMEN, ['polisen', 'socialtjansten']], // ancestor Skärholmen SDO
    ['skarholmen-sdo', 'violence', 1, [...VIOLENCE_SEVERE_JARVA_SKARHOLMEN, 'aklagarmyndigheten'], ['aklagarmyndigheten', 'polisen', 'socialtjansten']],
    ['hokarangen', 'violence', 2, VIOLENCE, ['polisen', 'socialtjansten']], // Farsta: no severe-area rule
    ['hokarangen', 'violence', 1, [...VIOLENCE, 'aklagarmyndigheten'], ['aklagarmyndigheten', 'polisen', 'socialtjansten']],
    ['stockholm', 'violence', 2, VIOLENCE, ['polisen', 'socialtjansten']], // a parent does not take its children's rules
    ['tensta', 'fire', 3, ['brandforsvaret', 'polisen', 'region-stockholm', 'socialtjansten'], ['polisen', 'socialtjansten']],
    ['farsta-strand', 'fire', 1, ['brandforsvaret', 'polisen', 'region-stockholm', 'socialtjansten'], ['polisen', 'socialtjansten']],
    ['husby', 'youth', 3, ['polisen', 'sig-12-18', 'sig-19-29', 'socialtjansten'], ['polisen', 'socialtjansten']],
    ['akalla', 'drugs', 2, ['kriminalvarden', 'polisen', 'region-stockholm', 'sig-12-18', 'socialtjansten', 'tullverket'], ['polisen', 'socialtjansten']],
    ['vallingby', 'economic-crime', 3, ECONOMIC, ['ekobrottsmyndigheten', 'polisen', 'socialtjansten']],
    ['vallingby', 'economic-crime', 2, [...ECONOMIC, 'aklagarmyndigheten', 'migrationsverket'], ['aklagarmyndigheten', 'ekobrottsmyndigheten', 'polisen', 'socialtjansten']],
    ['ragsved', 'public-order', 3, ['polisen', 'sig-19-29', 'socialtjansten'], ['polisen', 'socialtjansten']], // sensitive via the baseline
    ['hagsatra', 'welfare', 4, ['polisen', 'region-stockholm', 'socialtjansten'], ['polisen', 'socialtjansten']],
    ['husby', 'other', 4, BASELINE, BASELINE], // the catch-all alone
    ['stockholm', 'other', 1, BASELINE, BASELINE],
    ['bredang', 'other', 3, BASELINE, BASELINE],
  ])('%s, %s, severity %i', (area, category, severity, agencies, sensitive) => {
    const routed = routeIncident(directory, area, category, severity);
    expect(routed.map((r) => r.agencyId).sort()).toEqual([...agencies].sort());
    expect(routed.filter((r) => r.canSeeSensitive).map((r) => r.agencyId).sort()).toEqual([...sensitive].sort());
    expect(new Set(routed.map((r) => r.agencyId)).size).toBe(routed.length);
  });

  it('never routes automatically to Säkerhetspolisen or Kustbevakningen', () => {
    for (const area of directory.allAreas()) {
      for (const category of directory.allCategories()) {
        for (const { level } of directory.severities) {
          const ids = routeIncident(directory, area.id, category.id, level).map((r) => r.agencyId);
          expect(ids).toContain('polisen');
          expect(ids).toContain('socialtjansten');
          expect(ids).not.toContain('sakerhetspolisen');
          expect(ids).not.toContain('kustbevakningen');
        }
      }
    }
  });

  it('keeps the order of the rules: the first rule that names an agency places it', () => {
    expect(routeIncident(directory, 'rinkeby', 'violence', 1).map((r) => r.agencyId)).toEqual([
      'polisen', 'socialtjansten', 'sig-12-18', 'region-stockholm', 'brandforsvaret', 'kriminalvarden', 'aklagarmyndigheten',
    ]);
  });
});

describe('the parser on the bundled directory', () => {
  const parse = (text: string, locale: 'sv' | 'en' = 'sv') => parseCommand(text, { directory, locale, now: new Date('2026-03-10T12:00:00Z'), selfId: 'karin.dahl' });
  const failure = (text: string) => {
    try {
      parse(text);
    } catch (error) {
      if (error instanceof CoreError) return { code: error.code, params: error.params };
      throw error;
    }
    throw new Error(`"${text}" parsed`);
  };

  it.each([
    ['Rinkby', ['Rinkeby']],
    ['rinkeb', ['Järva', 'Rinkeby']], // Järva answers to Rinkeby-Kista
    ['Tenst', ['Tensta']],
    ['Hagsätr', ['Hagsätra']],
    ['Vallingbi', ['Vällingby']],
    ['Farsta strnd', ['Farsta', 'Farsta strand']], // the district is a prefix of what was typed
    ['Xyzzyville', []],
    ['Oslo', []],
  ])('suggests areas close to "%s" and never guesses', (typed, expected) => {
    expect(suggestAreas(directory, typed, 'sv')).toEqual(expected);
  });

  it('uses the longest area name it finds, then severity, category and the confidential marker', () => {
    expect(parse('/incident Farsta strand 2 brand i soprum')).toMatchObject({ kind: 'incident.register', areaId: 'farsta-strand', severity: 2, categoryId: 'fire' });
    expect(parse('/incident Farsta 2 brand i soprum')).toMatchObject({ areaId: 'farsta', severity: 2 });
    expect(parse('/incident Rinkeby skottlossning')).toMatchObject({ areaId: 'rinkeby', severity: 3, categoryId: 'violence' });
    expect(parse('/incident Rinkeby 4 #Ordningsstörning musik')).toMatchObject({ categoryId: 'public-order', description: 'musik' });
    expect(parse('/incident Rinkeby 4 något okänt')).toMatchObject({ categoryId: 'other' });
    expect(parse('/incident Rinkeby 2 bråk KÄNSLIGT: namn och adress')).toMatchObject({ description: 'bråk', sensitiveDetails: 'namn och adress' });
    expect(parse('/incident Rinkeby 2 bråk sensitive: name')).toMatchObject({ description: 'bråk', sensitiveDetails: 'name' });
    expect(parse('/incident Rinkeby 2 bråk känsligt:')).toMatchObject({ description: 'bråk', sensitiveDetails: undefined });
  });

  it('reads every Swedish and English command word, with and without /incident and diacritics', () => {
    const ref = { number: 42 };
    expect(parse('kvittera 42')).toMatchObject({ kind: 'incident.ack', incident: ref });
    expect(parse('/incident ack INC-2026-0042')).toMatchObject({ kind: 'incident.ack', incident: ref });
    expect(parse('påväg 2026-0042')).toMatchObject({ kind: 'incident.responding', incident: ref });
    expect(parse('PAVAG #42')).toMatchObject({ kind: 'incident.responding', incident: ref });
    expect(parse('avböj 42 fel område')).toMatchObject({ kind: 'incident.decline', reason: 'fel område' });
    expect(parse('/incident decline 42 wrong area')).toMatchObject({ kind: 'incident.decline', reason: 'wrong area' });
    expect(parse('notera 42 polis på plats')).toMatchObject({ kind: 'incident.note', text: 'polis på plats' });
    expect(parse('stäng 42')).toMatchObject({ kind: 'incident.close', incident: ref });
    expect(parse('återöppna 42')).toMatchObject({ kind: 'incident.reopen', incident: ref });
    expect(parse('läge 42')).toMatchObject({ kind: 'incident.status', incident: ref });
    expect(parse('lista')).toEqual({ kind: 'incident.list', areaId: undefined });
    expect(parse('list hässelby vällingby')).toEqual({ kind: 'incident.list', areaId: 'hasselby-vallingby' });
    expect(parse('hjälp')).toEqual({ kind: 'help' });
    expect(parse('')).toEqual({ kind: 'help' });
    expect(parse('händelse')).toEqual({ kind: 'incident.form' });
    expect(parse('/incident')).toEqual({ kind: 'incident.form' });
    expect(parse('rapport Husby 3 ungdomar samlas')).toMatchObject({ kind: 'incident.register', areaId: 'husby', categoryId: 'youth' });
  });

  it('fails with a code and the facts the message needs', () => {
    expect(failure('/incident Rinkby 2 bråk')).toEqual({ code: 'unknown_area', params: { area: 'Rinkby', suggestions: 'Rinkeby' } });
    expect(failure('/incident Rinkeby 5 bråk')).toEqual({ code: 'unknown_severity', params: { severity: '5', levels: '1, 2, 3, 4' } });
    expect(failure('/incident Rinkeby')).toMatchObject({ code: 'missing_description' });
    expect(failure('ack')).toEqual({ code: 'missing_ref', params: { command: 'ack' } });
    expect(failure('ack 0')).toEqual({ code: 'bad_ref', params: { ref: '0' } });
    expect(failure('list Rinkby')).toMatchObject({ code: 'unknown_area', params: { suggestions: 'Rinkeby' } });
    expect(failure('avböj 42')).toEqual({ code: 'missing_reason', params: { ref: '42' } });
  });

  it('reads and writes incident references', () => {
    expect(parseIncidentRef('INC-2026-0042')).toEqual({ number: 42, text: 'INC-2026-0042' });
    expect(parseIncidentRef('inc-2026-42')).toMatchObject({ number: 42 });
    expect(parseIncidentRef(' #7 ')).toEqual({ number: 7, text: '#7' });
    expect(parseIncidentRef('INC-2026-')).toBeUndefined();
    expect(parseIncidentRef('0')).toBeUndefined();
    expect(formatIncidentRef(2026, 42)).toBe('INC-2026-0042');
    expect(formatIncidentRef(2026, 12345)).toBe('INC-2026-12345');
  });
});
