import { describe, expect, it } from 'vitest';
import { instancesAt, nextInstance, shiftInstance } from '../../src/core/shift/shift-instances.ts';
import { localDayWindow, parseClock, parseLocalDate } from '../../src/core/shift/local-time.ts';
import type { Roster } from '../../src/core/shift/shift.types.ts';

const TZ = 'Europe/Stockholm';
const roster: Roster = {
  id: 'r', name: { sv: 'R', en: 'R' }, agencyIds: ['polisen'], areaIds: ['jarva'], acceptMinutes: 20, reminderMinutes: 30, source: 'config',
  assignments: [],
  shifts: [
    { id: 'dag', name: { sv: 'Dag', en: 'Day' }, starts: '07:00', ends: '15:00' },
    { id: 'kvall', name: { sv: 'Kväll', en: 'Evening' }, starts: '15:00', ends: '23:00' },
    { id: 'natt', name: { sv: 'Natt', en: 'Night' }, starts: '23:00', ends: '07:00' },
  ],
};
const at = (iso: string) => new Date(iso);
const running = (iso: string) => instancesAt(roster, at(iso), TZ).map((i) => `${i.shift.id}@${i.localDate}`);
const hours = (i: { start: Date; end: Date }) => (i.end.getTime() - i.start.getTime()) / 3600_000;

describe('shift instances in Europe/Stockholm', () => {
  it('runs a night shift across midnight', () => {
    expect(running('2026-06-10T20:59:59Z')).toEqual(['kvall@2026-06-10']); // 22:59:59 CEST
    expect(running('2026-06-10T21:00:00Z')).toEqual(['natt@2026-06-10']); // 23:00
    expect(running('2026-06-10T22:00:00Z')).toEqual(['natt@2026-06-10']); // 00:00 on the 11th, still the 10th's night
    expect(running('2026-06-11T04:59:59Z')).toEqual(['natt@2026-06-10']);
    expect(running('2026-06-11T05:00:00Z')).toEqual(['dag@2026-06-11']); // 07:00
  });

  it('gives the spring-forward night (2026-03-29) seven hours and starts the day shift at 07:00 summer time', () => {
    const night = shiftInstance(roster, roster.shifts[2], '2026-03-28', TZ);
    expect(night.start.toISOString()).toBe('2026-03-28T22:00:00.000Z'); // 23:00 CET
    expect(night.end.toISOString()).toBe('2026-03-29T05:00:00.000Z'); // 07:00 CEST
    expect(hours(night)).toBe(7);
    expect(running('2026-03-29T00:59:59Z')).toEqual(['natt@2026-03-28']); // 01:59:59 CET
    expect(running('2026-03-29T01:00:00Z')).toEqual(['natt@2026-03-28']); // 03:00 CEST (02:00 never happens)
    expect(running('2026-03-29T04:59:59Z')).toEqual(['natt@2026-03-28']);
    expect(running('2026-03-29T05:00:00Z')).toEqual(['dag@2026-03-29']);
    expect(hours(shiftInstance(roster, roster.shifts[0], '2026-03-29', TZ))).toBe(8);
    expect(hours(shiftInstance(roster, roster.shifts[2], '2026-03-29', TZ))).toBe(8);
  });

  it('gives the fall-back night (2026-10-25) nine hours, both 02:30s included', () => {
    const night = shiftInstance(roster, roster.shifts[2], '2026-10-24', TZ);
    expect(night.start.toISOString()).toBe('2026-10-24T21:00:00.000Z'); // 23:00 CEST
    expect(night.end.toISOString()).toBe('2026-10-25T06:00:00.000Z'); // 07:00 CET
    expect(hours(night)).toBe(9);
    expect(running('2026-10-25T00:30:00Z')).toEqual(['natt@2026-10-24']); // 02:30 CEST
    expect(running('2026-10-25T01:30:00Z')).toEqual(['natt@2026-10-24']); // 02:30 CET
    expect(running('2026-10-25T05:59:59Z')).toEqual(['natt@2026-10-24']);
    expect(running('2026-10-25T06:00:00Z')).toEqual(['dag@2026-10-25']);
    expect(running('2026-10-25T13:59:59Z')).toEqual(['dag@2026-10-25']);
    expect(running('2026-10-25T14:00:00Z')).toEqual(['kvall@2026-10-25']); // 15:00 CET
  });

  it('finds the shift that takes over, across midnight', () => {
    const night = shiftInstance(roster, roster.shifts[2], '2026-03-28', TZ);
    expect(nextInstance(roster, night, TZ)).toMatchObject({ localDate: '2026-03-29', shift: { id: 'dag' } });
    const evening = shiftInstance(roster, roster.shifts[1], '2026-10-24', TZ);
    expect(nextInstance(roster, evening, TZ)).toMatchObject({ localDate: '2026-10-24', shift: { id: 'natt' } });
  });

  it('has 23- and 25-hour local days on the change dates', () => {
    const length = (date: string) => { const w = localDayWindow(date, TZ); return (w.end.getTime() - w.start.getTime()) / 3600_000; };
    expect(length('2026-03-29')).toBe(23);
    expect(length('2026-10-25')).toBe(25);
    expect(length('2026-06-10')).toBe(24);
    expect(localDayWindow('2026-10-25', TZ).start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
  });

  it('reads dates and clock times people type', () => {
    expect(parseLocalDate('2026-02-29')).toBeUndefined();
    expect(parseLocalDate('2028-02-29')).toBe('2028-02-29');
    expect(['7', '07', '7:00', '0700', '07.00', '19:30'].map(parseClock)).toEqual(['07:00', '07:00', '07:00', '07:00', '07:00', '19:30']);
    expect(parseClock('25:00')).toBeUndefined();
  });
});
