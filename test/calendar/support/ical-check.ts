/**
 * A small RFC 5545 checker for the feeds: CRLF line endings, content lines of at most 75 octets, folding that unfolds
 * to whole lines, BEGIN/END nesting, the properties every VEVENT must have, UTC DATE-TIMEs, and TEXT values whose
 * commas, semicolons and line breaks are escaped. Returns the calendar's properties and events, unescaped.
 */
export interface IcalEvent {
  uid: string;
  dtstamp: string;
  start: Date;
  end: Date;
  summary: string;
  description: string;
}

export interface ParsedIcal {
  calendar: Record<string, string>;
  events: IcalEvent[];
}

const TEXT_PROPERTIES = new Set(['SUMMARY', 'DESCRIPTION', 'X-WR-CALNAME', 'UID']);
const UTC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function utc(value: string, what: string): Date {
  const m = UTC.exec(value);
  if (!m) throw new Error(`${what}: not a UTC DATE-TIME: ${value}`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** TEXT (RFC 5545 3.3.11): only \\ \; \, \n \N escapes, and no bare comma or semicolon. */
function unescapeText(value: string, what: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i];
    if (c === '\\') {
      const next = value[i + 1];
      if (next === 'n' || next === 'N') out += '\n';
      else if (next === '\\' || next === ';' || next === ',') out += next;
      else throw new Error(`${what}: bad escape \\${next ?? ''}`);
      i += 1;
    } else if (c === ';' || c === ',') {
      throw new Error(`${what}: unescaped "${c}" in a TEXT value`);
    } else {
      out += c;
    }
  }
  return out;
}

export function checkIcal(body: string): ParsedIcal {
  if (!body.endsWith('\r\n')) throw new Error('the object does not end with CRLF');
  const physical = body.slice(0, -2).split('\r\n');
  for (const [i, line] of physical.entries()) {
    if (line.includes('\n') || line.includes('\r')) throw new Error(`line ${i + 1}: a bare CR or LF`);
    if (Buffer.byteLength(line, 'utf8') > 75) throw new Error(`line ${i + 1}: ${Buffer.byteLength(line, 'utf8')} octets (more than 75)`);
  }
  // Unfold: a line starting with a space or tab continues the previous one.
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lines.length === 0) throw new Error('the first line is a continuation');
      lines[lines.length - 1] += line.slice(1);
    } else {
      lines.push(line);
    }
  }
  const stack: string[] = [];
  const calendar: Record<string, string> = {};
  const events: IcalEvent[] = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`not a content line: ${line}`);
    const name = line.slice(0, colon).split(';')[0].toUpperCase();
    if (!/^[A-Z0-9-]+$/.test(name)) throw new Error(`bad property name: ${name}`);
    const raw = line.slice(colon + 1);
    const value = TEXT_PROPERTIES.has(name) ? unescapeText(raw, name) : raw;
    if (name === 'BEGIN') {
      stack.push(value);
      if (value === 'VEVENT') {
        if (stack.join('/') !== 'VCALENDAR/VEVENT') throw new Error('a VEVENT outside the VCALENDAR');
        current = {};
      }
      continue;
    }
    if (name === 'END') {
      if (stack.pop() !== value) throw new Error(`END:${value} does not close the open component`);
      if (value === 'VEVENT' && current) {
        for (const required of ['UID', 'DTSTAMP', 'DTSTART']) if (!(required in current)) throw new Error(`a VEVENT without ${required}`);
        const start = utc(current.DTSTART, 'DTSTART');
        const end = utc(current.DTEND ?? current.DTSTART, 'DTEND');
        if (end <= start) throw new Error(`DTEND is not after DTSTART in ${current.UID}`);
        utc(current.DTSTAMP, 'DTSTAMP');
        events.push({ uid: current.UID, dtstamp: current.DTSTAMP, start, end, summary: current.SUMMARY ?? '', description: current.DESCRIPTION ?? '' });
        current = null;
      }
      continue;
    }
    if (current) current[name] = value;
    else if (stack.length === 1) calendar[name] = value;
    else throw new Error(`property ${name} outside any component`);
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join('/')}`);
  if (calendar.VERSION !== '2.0' || !calendar.PRODID) throw new Error('VCALENDAR without VERSION:2.0 or PRODID');
  const uids = events.map((e) => e.uid);
  if (new Set(uids).size !== uids.length) throw new Error('duplicate UIDs');
  return { calendar, events };
}
