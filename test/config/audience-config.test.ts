import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/infra/config/load-config-file.ts';
import { Directory } from '../../src/core/directory/directory.ts';
import { contentFor } from '../../src/core/audience/content-for.ts';
import type { DirectoryData } from '../../src/core/directory/directory.types.ts';

const SLACK = fileURLToPath(new URL('../fixtures/slack/audience-deployment.yaml', import.meta.url));
const source = readFileSync(SLACK, 'utf8');
const errors = (text: string) => {
  const result = parseConfigText(text, 'audience.yaml');
  return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('audiences in the deployment file', () => {
  it('accepts audience, cleared and notify; a file without them needs none (no defaults are added to it)', () => {
    expect(errors(source)).toEqual([]);
    const plain = source.replace(', cleared: true', '').replace(', audience: shared', '').replace('    notify: by-reference\n', '');
    const parsed = parseConfigText(plain, 'plain.yaml');
    if (!parsed.ok) throw new Error('expected a valid file');
    expect(parsed.config.agencies[0]!.addresses[0]).toEqual({ platform: 'slack', workspace: 'T0HOME', channel: 'C0POLICE' });
    expect(parsed.config.agencies[1]!.notify).toBeUndefined();
  });

  it('refuses cleared anywhere but an agency\'s own room, at its line', () => {
    expect(errors(source.replace('audience: shared }', 'audience: shared, cleared: true }')))
      .toEqual(['agencies[0].addresses[1].cleared: a shared room cannot be cleared']);
    expect(errors(source.replace('channel: U0KARIN }', 'channel: U0KARIN, cleared: true }')))
      .toEqual(['people[1].addresses[0].cleared: only an agency\'s room can be cleared, not a person\'s address']);
    expect(errors(source.replace('notify: by-reference', 'notify: sometimes'))[0]).toMatch(/^agencies\[1\]\.notify: /);
  });
});

describe('what a copy may show (need to know, in the core)', () => {
  const data = (sharedRooms: DirectoryData['sharedRooms'] = []): DirectoryData => ({
    settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 2, defaultCategory: 'other', maxDescriptionLength: 1000 },
    areas: [], categories: [], severities: [], rules: [], people: [], identities: [],
    agencies: [{ id: 'polisen', name: { sv: 'P', en: 'P' }, sensitivity: 2 }, { id: 'soc', name: { sv: 'S', en: 'S' }, sensitivity: 2, notify: 'by-reference' }],
    addresses: [
      { id: 'a1', ownerType: 'agency', ownerId: 'polisen', purpose: 'primary', platform: 'slack', workspace: 'T', channel: 'CLEARED', cleared: true },
      { id: 'a2', ownerType: 'agency', ownerId: 'polisen', purpose: 'primary', platform: 'slack', workspace: 'T', channel: 'ROOM' },
      { id: 'a3', ownerType: 'agency', ownerId: 'soc', purpose: 'primary', platform: 'slack', workspace: 'T', channel: 'SOC', cleared: true },
      { id: 'p1', ownerType: 'person', ownerId: 'karin', purpose: 'primary', platform: 'slack', workspace: 'T', channel: 'UKARIN' },
      // The same channel configured twice: the stricter audience wins.
      { id: 'a4', ownerType: 'agency', ownerId: 'polisen', purpose: 'backup', platform: 'slack', workspace: 'T', channel: 'TWICE', cleared: true },
      { id: 'r1', ownerType: 'area', ownerId: 'x', purpose: 'primary', platform: 'slack', workspace: 'T', channel: 'TWICE', audience: 'shared' },
    ],
    sharedRooms,
  });
  const room = (channel: string) => ({ platform: 'slack' as const, workspace: 'T', channel });

  it('details only to cleared agency rooms and permitted people; by-reference rooms and shared rooms get less', () => {
    const directory = new Directory(data());
    expect(contentFor(directory, room('CLEARED'), true)).toEqual({ detail: 'full', showSensitive: true });
    expect(contentFor(directory, room('ROOM'), true)).toEqual({ detail: 'full', showSensitive: false });
    expect(contentFor(directory, room('SOC'), true)).toEqual({ detail: 'reference', showSensitive: false });
    expect(contentFor(directory, room('UKARIN'), true)).toEqual({ detail: 'full', showSensitive: true });
    expect(contentFor(directory, room('UKARIN'), false)).toEqual({ detail: 'full', showSensitive: false });
    expect(contentFor(directory, room('TWICE'), true)).toEqual({ detail: 'minimal', showSensitive: false });
    expect(contentFor(directory, room('NOBODY-CONFIGURED-THIS'), true)).toEqual({ detail: 'minimal', showSensitive: false });
  });

  it('a room the platform reported shared gets the minimum, cleared or not', () => {
    const directory = new Directory(data([room('CLEARED')]));
    expect(contentFor(directory, room('CLEARED'), true)).toEqual({ detail: 'minimal', showSensitive: false });
    expect(contentFor(directory, room('ROOM'), true)).toEqual({ detail: 'full', showSensitive: false });
  });
});
