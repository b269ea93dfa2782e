import { describe, expect, it } from 'vitest';
import { Directory } from '../../../src/core/directory/directory.ts';
import type { DirectoryData, Person } from '../../../src/core/directory/directory.types.ts';
import { areasInScope, inAreaScope } from '../../../src/core/access/area-scope.ts';
import { oversees } from '../../../src/core/supervision/supervision-scope.ts';
import { channelsOf } from '../../../adapters/web/personas.ts';
import type { Incident } from '../../../src/core/incident/incident.types.ts';

const person = (id: string, role: Person['role'], areaIds: string[]): Person => ({ id, name: id, role, agencyId: role === 'admin' ? null : 'polisen', areaIds, locale: 'en', onDuty: true });
const area = (id: string, parentId: string | null, level: 'city' | 'district' | 'area') => ({ id, parentId, level, name: { sv: id, en: id }, aliases: [] });
const areaChannel = (id: string) => ({ id: `a-${id}`, ownerType: 'area' as const, ownerId: id, purpose: 'primary' as const, platform: 'web' as const, workspace: '', channel: `area:${id}` });

const data: DirectoryData = {
  settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 3, defaultCategory: 'other', maxDescriptionLength: 1000 },
  areas: [area('stockholm', null, 'city'), area('jarva', 'stockholm', 'district'), area('rinkeby', 'jarva', 'area'), area('tensta', 'jarva', 'area'), area('farsta', 'stockholm', 'district')],
  agencies: [], categories: [], severities: [], rules: [], identities: [],
  addresses: ['stockholm', 'jarva', 'rinkeby', 'tensta', 'farsta'].map(areaChannel),
  people: [person('sup', 'supervisor', ['jarva']), person('field', 'field_staff', ['rinkeby']), person('admin', 'admin', [])],
};

describe('area scope: one rule for the console, access and the supervisor view', () => {
  const directory = new Directory(data);
  const areaChannels = (id: string) => channelsOf(directory, directory.person(id)!, 'en').filter((c) => c.kind === 'area').map((c) => c.key).sort();
  const inScope = (id: string) => areasInScope(directory, directory.person(id)!).map((a) => `area:${a.id}`).sort();

  it('the console shows exactly the area channels of the core\'s scope: a district with its areas, admins all', () => {
    expect(areaChannels('sup')).toEqual(['area:jarva', 'area:rinkeby', 'area:tensta']);
    expect(areaChannels('field')).toEqual(['area:rinkeby']);
    expect(areaChannels('admin')).toEqual(['area:farsta', 'area:jarva', 'area:rinkeby', 'area:stockholm', 'area:tensta']);
    for (const id of ['sup', 'field', 'admin']) expect(areaChannels(id)).toEqual(inScope(id));
  });

  it('a supervisor oversees the incidents of exactly the areas in scope', () => {
    const sup = directory.person('sup')!;
    for (const a of data.areas) {
      expect(oversees(directory, sup, { areaId: a.id } as Incident)).toBe(inAreaScope(directory, sup, a.id));
    }
    expect(inAreaScope(directory, sup, 'farsta')).toBe(false);
  });
});
