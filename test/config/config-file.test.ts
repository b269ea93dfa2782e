import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeName } from '../../src/core/directory/directory.ts';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkConfigFile } from '../../src/infra/config/config-check.ts';
import {
  BUNDLED_CONFIG_PATH,
  formatConfigErrors,
  loadConfigFile,
  parseConfigText,
  type ConfigError,
} from '../../src/infra/config/load-config-file.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/config/${name}`, import.meta.url));
const text = (name: string) => readFileSync(fixture(name), 'utf8');

/** 1-based line and column of the first occurrence of `needle` in a fixture. */
function positionOf(name: string, needle: string): { line: number; column: number } {
  const lines = text(name).split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`"${needle}" is not in ${name}`);
  return { line: index + 1, column: lines[index].indexOf(needle) + 1 };
}

async function errorsOf(name: string): Promise<ConfigError[]> {
  const result = await loadConfigFile(fixture(name));
  if (result.ok) throw new Error(`${name} was expected to be invalid`);
  return result.errors;
}

describe('the bundled Stockholm file', () => {
  it('is valid and holds the agencies, areas and people the product promises', async () => {
    const result = await loadConfigFile(BUNDLED_CONFIG_PATH);
    if (!result.ok) throw new Error(formatConfigErrors(result.errors));
    const { config } = result;
    const agencies = config.agencies.map((a) => a.id);
    for (const id of ['polisen', 'socialtjansten', 'sig-12-18', 'sig-19-29', 'skatteverket', 'arbetsformedlingen',
      'ekobrottsmyndigheten', 'tullverket', 'forsakringskassan', 'kriminalvarden', 'sakerhetspolisen', 'kustbevakningen',
      'migrationsverket', 'aklagarmyndigheten', 'kronofogden', 'region-stockholm', 'brandforsvaret']) {
      expect(agencies).toContain(id);
    }
    expect(config.timeZone).toBe('Europe/Stockholm');
    expect(config.areas.find((a) => a.id === 'rinkeby')?.parent).toBe('jarva');
    expect(config.areas.find((a) => a.id === 'ragsved')?.parent).toBe('enskede-arsta-vantor');
    // No Slack or Teams addresses for agencies in the default: it must run without credentials.
    expect(config.agencies.flatMap((a) => [...a.addresses, ...a.backup]).every((a) => a.platform === 'web')).toBe(true);
    expect(config.agencies.every((a) => a.backup.length > 0)).toBe(true);
    const roles = config.people.map((p) => p.role);
    expect(roles.filter((r) => r === 'field_staff').length).toBeGreaterThanOrEqual(2);
    // Two district supervisors and a city-wide duty supervisor, so every area has someone to escalate to.
    expect(roles.filter((r) => r === 'supervisor')).toHaveLength(3);
    const scopes = config.people.filter((p) => p.role === 'supervisor').flatMap((p) => p.areas ?? []);
    expect(scopes).toContain('stockholm');
    expect(roles.filter((r) => r === 'admin')).toHaveLength(1);
    expect(config.people.some((p) => p.locale === 'en')).toBe(true);
    for (const agency of config.agencies) {
      expect(config.people.some((p) => p.role === 'agency_contact' && p.agency === agency.id), agency.id).toBe(true);
    }
    const identities = config.people.flatMap((p) => p.identities);
    expect(identities).toContainEqual({ platform: 'slack', workspace: 'T0EXAMPLE', user: 'U0POLICE1' });
    expect(identities.some((i) => i.platform === 'teams')).toBe(true);
  });

  it('routes every incident to the police and social services through a catch-all rule', async () => {
    const result = await loadConfigFile(BUNDLED_CONFIG_PATH);
    if (!result.ok) throw new Error('invalid');
    const catchAll = result.config.routing.filter((r) => !r.areas && !r.categories && !r.severities);
    expect(catchAll.flatMap((r) => r.notify)).toEqual(expect.arrayContaining(['polisen', 'socialtjansten']));
  });

  it('passes `config check` with a summary and the digest', async () => {
    const check = await checkConfigFile(BUNDLED_CONFIG_PATH);
    expect(check.ok).toBe(true);
    expect(check.output).toMatch(/OK \(21 areas, 17 agencies, 8 categories, 4 severities, \d+ routing rules, \d+ people\)/);
    expect(check.output).toMatch(/digest [0-9a-f]{64}/);
  });
});

describe('name clashes (one normalizeName, shared with the directory)', () => {
  it('`config check` refuses an alias that only the folded form shows to be another area\'s name', async () => {
    // An underscore is a space to the directory: "Rinkeby_Centrum" on Järva and "rinkeby centrum" on Rinkeby would
    // be one name at run time, and one of the two areas could never be found by it.
    expect(normalizeName('Rinkeby_Centrum')).toBe(normalizeName('rinkeby centrum'));
    const dir = mkdtempSync(join(tmpdir(), 'samband-clash-'));
    const path = join(dir, 'clash.yaml');
    writeFileSync(path, text('small.yaml').replace('name: { sv: Järva, en: Järva }, addresses', 'name: { sv: Järva, en: Järva }, aliases: [Rinkeby_Centrum], addresses'));
    try {
      const check = await checkConfigFile(path);
      expect(check.ok).toBe(false);
      expect(check.output).toContain('areas[2].aliases[0]: name "rinkeby centrum" is already used by area "jarva"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a broken file', () => {
  it('names the line, column and path of an unknown agency', async () => {
    const errors = await errorsOf('unknown-agency.yaml');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      ...positionOf('unknown-agency.yaml', 'polis]'),
      path: 'routing[0].notify[1]',
      message: 'unknown agency "polis"',
    });
    const { line, column } = positionOf('unknown-agency.yaml', 'polis]');
    expect(formatConfigErrors(errors)).toBe(
      `${fixture('unknown-agency.yaml')}:${line}:${column} routing[0].notify[1]: unknown agency "polis"`,
    );
  });

  it('refuses an unknown (misspelt) key and points at the key', async () => {
    const errors = await errorsOf('unknown-key.yaml');
    expect(errors).toEqual([expect.objectContaining({
      ...positionOf('unknown-key.yaml', 'sensitivty'),
      path: 'agencies[0].sensitivty',
      message: 'unknown key "sensitivty"',
    })]);
  });

  it('refuses a duplicate id at the second occurrence', async () => {
    const errors = await errorsOf('duplicate-id.yaml');
    const lines = text('duplicate-id.yaml').split('\n');
    const second = lines.findIndex((l, i) => l.includes('id: anna.lind') && i > lines.indexOf('  - id: anna.lind'));
    expect(errors).toEqual([expect.objectContaining({ line: second + 1, path: 'people[1].id', message: 'duplicate id "anna.lind"' })]);
  });

  it('refuses an area whose parent is not a district', async () => {
    const errors = await errorsOf('bad-parent.yaml');
    const { line } = positionOf('bad-parent.yaml', 'id: rinkeby');
    expect(errors).toEqual([expect.objectContaining({ line, path: 'areas[2].parent' })]);
    expect(errors[0].message).toBe('the parent of an area must be a district; "stockholm" is a city');
  });

  it('reports a YAML syntax error with its line', async () => {
    const errors = await errorsOf('syntax-error.yaml');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toMatchObject({ line: positionOf('syntax-error.yaml', 'name: sv: Järva').line, path: '' });
    const check = await checkConfigFile(fixture('syntax-error.yaml'));
    expect(check.ok).toBe(false);
    expect(check.output).toContain(`syntax-error.yaml:${errors[0].line}:`);
  });

  it('falls back to the nearest existing node for a missing key', () => {
    const source = text('small.yaml')
      .replace('{ sv: Socialtjänsten, en: Social Services }', '{ sv: Socialtjänsten }')
      .replace(/^defaultCategory: other\n/m, '');
    const result = parseConfigText(source, 'small.yaml');
    if (result.ok) throw new Error('expected invalid');
    const lines = source.split('\n');
    expect(result.errors).toEqual([
      // Missing at the top level: the first line of the document's root mapping.
      expect.objectContaining({ line: lines.indexOf('version: 1') + 1, column: 1, path: 'defaultCategory', message: 'required' }),
      // Missing in a nested mapping: the key that holds that mapping.
      expect.objectContaining({
        line: lines.findIndex((l) => l.includes('{ sv: Socialtjänsten }')) + 1,
        column: 5,
        path: 'agencies[1].name.en',
        message: 'required',
      }),
    ]);
  });

  it('reports a missing file as an error, not an exception', async () => {
    const check = await checkConfigFile(fixture('no-such-file.yaml'));
    expect(check).toEqual({ ok: false, output: expect.stringContaining('cannot read the file (ENOENT)') });
  });
});

describe('cross-reference rules', () => {
  const variant = (edit: (s: string) => string) => {
    const result = parseConfigText(edit(text('small.yaml')), 'v.yaml');
    return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
  };

  it('a rule that shares confidential details without a basis is refused at the line of its sensitive list', () => {
    const source = text('small.yaml');
    const withoutBasis = source.replace(/\n\s*basis: .*/, '');
    expect(withoutBasis).not.toContain('basis:');
    const result = parseConfigText(withoutBasis, 'no-basis.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const line = withoutBasis.split('\n').findIndex((l) => l.includes('sensitive: [polisen]')) + 1;
    expect(result.errors.map((e) => [e.line, e.path, e.message])).toEqual([[line, 'routing[0].sensitive',
      'a rule that lets agencies see confidential details needs a `basis`: the ground for sharing (a secrecy-breaking provision, consent, a duty to report)']]);
    // A rule that shares nothing confidential needs none.
    expect(parseConfigText(withoutBasis.replace('sensitive: [polisen]', 'sensitive: []'), 'none.yaml').ok).toBe(true);
  });

  it('checks sensitive ⊆ notify, roles, areas, aliases, identities, defaults and time zone', () => {
    expect(variant((s) => s.replace('sensitive: [polisen]', 'sensitive: [polisen, socialtjansten, sthlm]')))
      .toEqual(['routing[0].sensitive[2]: "sthlm" is not in this rule\'s notify list']);
    expect(variant((s) => s.replace('    agency: socialtjansten\n', ''))).toEqual(['people[0]: a field_staff needs an agency']);
    expect(variant((s) => s.replace('areas: [rinkeby]', 'areas: [rinkebi]'))).toEqual(['people[0].areas[0]: unknown area "rinkebi"']);
    expect(variant((s) => s.replace('aliases: [rinkeby centrum]', 'aliases: [JÄRVA]')))
      .toEqual(['areas[2].aliases[0]: name "JÄRVA" is already used by area "jarva"']);
    // An id is a name too: the directory finds an area by it.
    expect(variant((s) => s.replace('aliases: [rinkeby centrum]', 'aliases: [Järva_]')))
      .toEqual(['areas[2].aliases[0]: name "Järva_" is already used by area "jarva"']);
    expect(variant((s) => s.replace('user: bo.ek', 'user: U0001').replace('platform: web, user', 'platform: slack, workspace: T0001, user')))
      .toEqual(['people[1].identities[0]: identity slack "U0001" already belongs to "anna.lind"']);
    expect(variant((s) => s.replace('defaultSeverity: 2', 'defaultSeverity: 3'))).toEqual(['defaultSeverity: unknown severity 3']);
    expect(variant((s) => s.replace('Europe/Stockholm', 'Europe/Stokholm'))).toEqual(['timeZone: unknown time zone "Europe/Stokholm"']);
    expect(variant((s) => s.replace('id: jarva, level: district, parent: stockholm', 'id: jarva, level: district')))
      .toEqual(['areas[1]: a district needs a parent city']);
  });

  it('gives the same digest for the same content, whatever the formatting', () => {
    const a = parseConfigText(text('small.yaml'), 'a.yaml');
    const b = parseConfigText(`# another comment\n${text('small.yaml')}`, 'b.yaml');
    const c = parseConfigText(text('small.yaml').replace('Bo Ek', 'Bo Eek'), 'c.yaml');
    if (!a.ok || !b.ok || !c.ok) throw new Error('expected valid');
    expect(a.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(b.digest).toBe(a.digest);
    expect(c.digest).not.toBe(a.digest);
  });
});

describe('JSON files', () => {
  it('parse to the same config as the YAML they mirror', async () => {
    const yaml = await loadConfigFile(fixture('small.yaml'));
    const json = await loadConfigFile(fixture('small.json'));
    if (!yaml.ok || !json.ok) throw new Error('expected valid');
    expect(json.config).toEqual(yaml.config);
    expect(json.digest).toBe(yaml.digest);
  });

  it('report schema errors and JSON syntax errors with lines', () => {
    const source = text('small.json').replace('"polisen",\n        "socialtjansten"', '"polisen",\n        "polis"');
    const bad = parseConfigText(source, 'small.json');
    if (bad.ok) throw new Error('expected invalid');
    const line = source.split('\n').findIndex((l) => l.includes('"polis"')) + 1;
    expect(bad.errors).toEqual([expect.objectContaining({ line, path: 'routing[0].notify[1]', message: 'unknown agency "polis"' })]);

    const trailingComma = parseConfigText('{\n  "version": 1,\n}\n', 'x.json');
    if (trailingComma.ok) throw new Error('expected invalid');
    expect(trailingComma.errors[0]).toMatchObject({ line: 3, path: '', message: expect.stringContaining('invalid JSON') });
  });

  it('retention periods are optional (none: keep), and a bad one is named at its line', () => {
    const source = text('small.yaml');
    const plain = parseConfigText(source, 'small.yaml');
    expect(plain.ok && plain.config.retention).toBe(undefined);
    const withRetention = source.replace('people:\n', [
      'retention:', '  afterClosedDays: 730', '  categories: { violence: 1825, vald: 10 }', '  agencies:', '    polisen: 0', '    tull: 365', 'people:', '',
    ].join('\n'));
    const result = parseConfigText(withRetention, 'r.yaml');
    if (result.ok) throw new Error('expected invalid');
    const lines = withRetention.split('\n');
    const at = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    expect(result.errors.map((e) => [e.line, e.path, e.message])).toEqual([
      [at('vald: 10'), 'retention.categories.vald', 'unknown category "vald"'],
      [at('polisen: 0'), 'retention.agencies.polisen', 'a retention period is at least 1 day'],
      [at('tull: 365'), 'retention.agencies.tull', 'unknown agency "tull"'],
    ]);
    const valid = parseConfigText(withRetention.replace(', vald: 10', '').replace('polisen: 0', 'polisen: 3650').replace('    tull: 365\n', ''), 'ok.yaml');
    expect(valid.ok && valid.config.retention).toEqual({ afterClosedDays: 730, categories: { violence: 1825 }, agencies: { polisen: 3650 } });
  });
});
