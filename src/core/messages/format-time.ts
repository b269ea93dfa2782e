import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** Local wall-clock time in the deployment's zone, e.g. `2026-11-26 16:05`. */
export function formatLocalTime(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'yyyy-MM-dd HH:mm');
}

/** Local clock time only, e.g. `16:05`. */
export function formatLocalClock(at: Date, timeZone: string): string {
  return format(new TZDate(at.getTime(), timeZone), 'HH:mm');
}
