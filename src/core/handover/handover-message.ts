import type { Directory } from '../directory/directory.ts';
import type { Locale } from '../shared/platform.types.ts';
import type { MessageAction, MessageFact, OutboundMessage } from '../messages/outbound.types.ts';
import { agencyName } from '../messages/incident-message.ts';
import { formatLocalClock, formatLocalTime } from '../messages/format-time.ts';
import { t, type TextKey } from '../messages/i18n.ts';
import type { Roster } from '../shift/shift.types.ts';
import type { Handover, HandoverNote, ShiftRef } from './handover.types.ts';
import { ht } from './handover.i18n.ts';

const MAX_LINES = 12;

/** `Dag 2026-03-28` */
export function shiftRefLabel(roster: Roster, shift: ShiftRef, locale: Locale): string {
  const name = roster.shifts.find((s) => s.id === shift.shiftId)?.name[locale] ?? shift.shiftId;
  return `${name} ${shift.localDate}`;
}

function capped(lines: string[], locale: Locale): string {
  if (lines.length === 0) return ht('none', locale);
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(ht('more', locale, { count: lines.length - MAX_LINES }));
  return shown.join('\n');
}

/** The note's facts: incidents with their state, unacknowledged parts, escalations, notes of the shift. */
export function noteFacts(directory: Directory, note: HandoverNote, locale: Locale): MessageFact[] {
  const tz = directory.settings.timeZone;
  const agency = (id: string) => agencyName(directory, id, locale);
  const incidents = note.incidents.map((i) => {
    const area = directory.area(i.areaId)?.name[locale] ?? i.areaId;
    const category = directory.category(i.categoryId)?.name[locale] ?? i.categoryId;
    const states = i.agencies.map((a) => `${agency(a.agencyId)} ${t(`state.${a.state}` as TextKey, locale).toLowerCase()}`).join(', ');
    return `${i.ref} ${area} (${i.severity}) ${category}${i.status === 'closed' ? ` · ${ht('closed', locale)}` : ''}: ${states}`;
  });
  const waiting = note.unacknowledged.map((u) =>
    `${u.ref} ${agency(u.agencyId)}: ${ht('since', locale, { time: formatLocalClock(new Date(u.deadlineAt), tz) })}${u.overdue ? ` (${ht('overdue', locale)})` : ''}`);
  const escalations = note.escalations.map((e) => `${e.ref} ${agency(e.agencyId)}: ${ht(e.level >= 2 ? 'level.2' : 'level.1', locale)}`);
  const notes = note.notes.map((n) => `${formatLocalClock(new Date(n.at), tz)} ${n.ref} ${directory.person(n.authorId)?.name ?? n.authorId}: ${n.text}`);
  const open = note.incidents.filter((i) => i.status === 'open').length;
  return [
    { label: ht('fact.incidents', locale, { count: open }), value: capped(incidents, locale) },
    { label: ht('fact.unacknowledged', locale, { count: waiting.length }), value: capped(waiting, locale) },
    { label: ht('fact.escalations', locale, { count: escalations.length }), value: capped(escalations, locale) },
    { label: ht('fact.notes', locale, { count: notes.length }), value: capped(notes, locale) },
  ];
}

/** Accept buttons for the incoming shift; "with questions" asks for the questions first. */
export function acceptActions(handover: Handover, locale: Locale): MessageAction[] {
  return [
    { payload: { action: 'handover.accept', handoverRef: handover.ref }, label: ht('button.accept', locale), style: 'primary' },
    {
      payload: { action: 'handover.questions', handoverRef: handover.ref },
      label: ht('button.questions', locale),
      needsReason: { label: ht('questions.label', locale), placeholder: ht('questions.placeholder', locale) },
    },
  ];
}

/** The state line: waiting, or accepted by whom and when. */
export function handoverState(directory: Directory, handover: Handover, locale: Locale): string {
  if (handover.status !== 'accepted' || !handover.acceptedAt) return ht('state.sent', locale);
  const params = { person: directory.person(handover.acceptedBy ?? '')?.name ?? handover.acceptedBy ?? '-', time: formatLocalTime(handover.acceptedAt, directory.settings.timeZone) };
  return ht(handover.acceptedLate ? 'state.accepted_late' : 'state.accepted', locale, params);
}

/**
 * The handover note as the incoming shift sees it: summary first, then the facts; accept buttons while it waits,
 * the acceptance once accepted (the same message is replaced).
 */
export function renderHandover(directory: Directory, roster: Roster, handover: Handover, locale: Locale, audience: OutboundMessage['audience'] = 'notification'): OutboundMessage {
  const tz = directory.settings.timeZone;
  const from = shiftRefLabel(roster, handover.from, locale);
  const to = shiftRefLabel(roster, handover.to, locale);
  const title = ht('note.title', locale, { ref: handover.ref, roster: roster.name[locale], from, to });
  const author = directory.person(handover.authorId)?.name ?? handover.authorId;
  const accepted = handover.status === 'accepted';
  return {
    locale,
    tone: accepted ? 'success' : 'info',
    title,
    text: `${handover.summary}\n\n${ht('note.from', locale, { person: author, due: formatLocalTime(handover.acceptDueAt, tz) })}`,
    facts: [...noteFacts(directory, handover.note, locale), { label: ht('fact.state', locale), value: handoverState(directory, handover, locale) }],
    actions: accepted ? [] : acceptActions(handover, locale),
    fallback: `${title}: ${handover.summary}`.slice(0, 300),
    audience,
  };
}

/** The draft shown by `/handover` without a summary: the same facts, nothing sent, how to send it. */
export function renderPreview(directory: Directory, roster: Roster, from: ShiftRef, to: ShiftRef, note: HandoverNote, locale: Locale): OutboundMessage {
  const title = ht('note.preview', locale, { roster: roster.name[locale], from: shiftRefLabel(roster, from, locale), to: shiftRefLabel(roster, to, locale) });
  const hint = ht('note.preview.hint', locale, { roster: roster.id });
  return { locale, tone: 'info', title, text: hint, facts: noteFacts(directory, note, locale), actions: [], fallback: `${title}. ${hint}`, audience: 'reply' };
}
