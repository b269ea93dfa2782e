import { getISOWeek, getISOWeekYear } from 'date-fns';
import { addLocalDays, isoWeekday, type LocalDate } from '../shift/local-time.ts';

/** `2026-W23`: an ISO 8601 week (Monday to Sunday; week 1 holds the year's first Thursday). */
export type IsoWeek = string;

const WEEK = /^(\d{4})-W(\d{2})$/;

const utcOf = (date: LocalDate) => new Date(`${date}T12:00:00Z`);

/** The ISO week a local date falls in. */
export function isoWeekOf(date: LocalDate): IsoWeek {
  const at = utcOf(date);
  return `${getISOWeekYear(at)}-W${String(getISOWeek(at)).padStart(2, '0')}`;
}

/** The Monday of an ISO week, or undefined for text that is no week (`2026-W54`, `2026-23`). */
export function mondayOf(week: string): LocalDate | undefined {
  const match = WEEK.exec(week.trim());
  if (!match) return undefined;
  const [year, number] = [Number(match[1]), Number(match[2])];
  if (number < 1) return undefined;
  // 4 January is always in week 1.
  const jan4 = `${year}-01-04`;
  const monday = addLocalDays(addLocalDays(jan4, 1 - isoWeekday(jan4)), (number - 1) * 7);
  return isoWeekOf(monday) === `${year}-W${match[2]}` ? monday : undefined;
}

/** The week `weeks` before (negative) or after a week. */
export function addWeeks(week: IsoWeek, weeks: number): IsoWeek {
  return isoWeekOf(addLocalDays(mondayOf(week)!, weeks * 7));
}
