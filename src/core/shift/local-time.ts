import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/**
 * Local calendar dates and wall-clock times in the deployment's time zone. A local date is `yyyy-MM-dd`; a clock
 * time is `HH:mm`. Instants are plain Dates. DST is handled by TZDate: a day may have 23 or 25 hours, a wall time
 * in the spring gap moves forward (02:30 -> 03:30), an ambiguous autumn time takes the later (standard) offset.
 */
export type LocalDate = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^([01]?\d|2[0-3])(?:[:.]?([0-5]\d))?$/;

/** The local date of an instant. */
export function localDateOf(at: Date, timeZone: string): LocalDate {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd');
}

/** The local wall-clock time of an instant, `HH:mm`. */
export function localClockOf(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'HH:mm');
}

/** A valid `yyyy-MM-dd` (a real calendar day), or undefined. */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = DATE.exec(text.trim());
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(y, m - 1, d));
  return utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d ? match[0] : undefined;
}

/** `7`, `07`, `7:00`, `0700`, `07.00` -> `07:00`; undefined when it is not a time of day. */
export function parseClock(text: string): string | undefined {
  const match = CLOCK.exec(text.trim());
  if (!match) return undefined;
  return `${match[1].padStart(2, '0')}:${match[2] ?? '00'}`;
}

function parts(date: LocalDate): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y, m, d];
}

/** The calendar date `days` after (or before) `date`; calendar arithmetic, unaffected by DST. */
export function addLocalDays(date: LocalDate, days: number): LocalDate {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a local date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const [y, m, d] = parts(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
}

/** The instant a local date shows a wall-clock time (`HH:mm`). */
export function wallTime(date: LocalDate, clock: string, timeZone: string): Date {
  const [y, m, d] = parts(date);
  const [h, min] = clock.split(':').map(Number);
  return new Date(new TZDate(y, m - 1, d, h, min, timeZone).getTime());
}

/** A local day as an instant range [start, end): 24 hours, or 23 / 25 on DST change days. */
export function localDayWindow(date: LocalDate, timeZone: string): { start: Date; end: Date } {
  return { start: wallTime(date, '00:00', timeZone), end: wallTime(addLocalDays(date, 1), '00:00', timeZone) };
}

/** Calendar days from `from` to `to`, both included. */
export function localDaysBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let day = from; day <= to && days.length < 400; day = addLocalDays(day, 1)) days.push(day);
  return days;
}
