import type { CalendarFeed } from '../../src/core/calendar/calendar.types.ts';

/** RFC 5545 3.3.11: backslash, semicolon, comma and line breaks in TEXT values are escaped. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** `20261130T060000Z`: a UTC DATE-TIME (RFC 5545 3.3.5, form 2). */
export function utcStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * RFC 5545 3.1: a content line longer than 75 octets is folded with CRLF and one space; the split never falls inside
 * a UTF-8 character (Swedish names are not ASCII).
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first physical line holds 75 octets; continuation lines 74 after their leading space.
    const limit = parts.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Control characters other than the line breaks escaped above have no place in a content line. */
const clean = (value: string) => value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');

/**
 * A feed as an iCalendar object (RFC 5545): one VCALENDAR, one VEVENT per shift with UID, DTSTAMP and DTSTART/DTEND
 * in UTC, CRLF line endings, lines folded at 75 octets, TEXT values escaped.
 */
export function renderIcal(feed: CalendarFeed, now: Date): string {
  const stamp = utcStamp(now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Samband//Roster feed//SV',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(clean(feed.name))}`,
    `X-WR-TIMEZONE:${feed.timeZone}`,
    ...feed.events.flatMap((event) => [
      'BEGIN:VEVENT',
      `UID:${escapeText(clean(event.uid))}`,
      `DTSTAMP:${stamp}`,
      `DTSTART:${utcStamp(event.start)}`,
      `DTEND:${utcStamp(event.end)}`,
      `SUMMARY:${escapeText(clean(event.summary))}`,
      `DESCRIPTION:${escapeText(clean(event.description.join('\n')))}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    ]),
    'END:VCALENDAR',
  ];
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
