import { describe, expect, it } from 'vitest';
import { Directory } from '../../src/core/directory/directory.ts';
import type { DirectoryData, Person } from '../../src/core/directory/directory.types.ts';

const supervisor = (id: string, areaIds: string[]): Person => ({ id, name: id, role: 'supervisor', agencyId: 'polisen', areaIds, locale: 'sv', onDuty: true });

const data: DirectoryData = {
  settings: { timeZone: 'Europe/Stockholm', defaultLocale: 'sv', defaultSeverity: 3, defaultCategory: 'other', maxDescriptionLength: 1000 },
  areas: [
    { id: 'stockholm', parentId: null, level: 'city', name: { sv: 'Stockholm', en: 'Stockholm' }, aliases: [] },
    { id: 'jarva', parentId: 'stockholm', level: 'district', name: { sv: 'Järva', en: 'Järva' }, aliases: [] },
    { id: 'rinkeby', parentId: 'jarva', level: 'area', name: { sv: 'Rinkeby', en: 'Rinkeby' }, aliases: [] },
    { id: 'farsta', parentId: 'stockholm', level: 'district', name: { sv: 'Farsta', en: 'Farsta' }, aliases: [] },
    { id: 'hokarangen', parentId: 'farsta', level: 'area', name: { sv: 'Hökarängen', en: 'Hökarängen' }, aliases: [] },
  ],
  agencies: [], categories: [], severities: [], rules: [], addresses: [], identities: [],
  people: [supervisor('district-sup', ['jarva']), supervisor('city-sup', ['stockholm']), supervisor('area-sup', ['rinkeby'])],
};

describe('Directory.nearestSupervisorsOf (escalations)', () => {
  const directory = new Directory(data);

  it('names the supervisors closest to the area', () => {
    expect(directory.nearestSupervisorsOf('rinkeby').map((p) => p.id)).toEqual(['area-sup']);
    expect(directory.nearestSupervisorsOf('jarva').map((p) => p.id)).toEqual(['district-sup']);
  });

  it('falls back to the city-wide supervisor where a district has none of its own', () => {
    expect(directory.nearestSupervisorsOf('hokarangen').map((p) => p.id)).toEqual(['city-sup']);
  });

  it('differs from supervisorsOf, which names every supervisor whose scope covers the area', () => {
    expect(directory.supervisorsOf('rinkeby').map((p) => p.id).sort()).toEqual(['area-sup', 'city-sup', 'district-sup']);
  });

  it('names nobody when no scope covers the area', () => {
    const bare = new Directory({ ...data, people: [supervisor('district-sup', ['jarva'])] });
    expect(bare.nearestSupervisorsOf('hokarangen')).toEqual([]);
  });
});
