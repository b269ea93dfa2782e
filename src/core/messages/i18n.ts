import type { Locale } from '../shared/platform.types.ts';
import type { ErrorCode } from '../shared/core-error.ts';
import { fillText, type TextParams } from '../kernel/text-table.ts';
import { ERROR_TEXTS, type Template } from './error-texts.ts';

type Params = TextParams;


/** The user-facing text for an error code. */
export function errorText(code: ErrorCode, locale: Locale, params: Params = {}): string {
  const template = ERROR_TEXTS[code][locale];
  if (typeof template === 'string') return fillText(template, locale, params);
  return template(Object.fromEntries(Object.entries(params).map(([key, value]) => [key, fillText(`{${key}}`, locale, { [key]: value })])));
}

const texts = {
  'state.notified': { sv: 'Larmad', en: 'Notified' },
  'state.acknowledged': { sv: 'Kvitterad', en: 'Acknowledged' },
  'state.responding': { sv: 'På väg', en: 'Responding' },
  'state.declined': { sv: 'Inte vår', en: 'Not ours' },
  'status.open': { sv: 'Öppen', en: 'Open' },
  'status.closed': { sv: 'Stängd', en: 'Closed' },
  'button.ack': { sv: 'Kvittera', en: 'Acknowledge' },
  'button.responding': { sv: 'På väg', en: 'Responding' },
  'button.decline': { sv: 'Inte vår', en: 'Not ours' },
  'button.close': { sv: 'Stäng', en: 'Close' },
  'button.reopen': { sv: 'Öppna igen', en: 'Reopen' },
  'decline.reason.label': { sv: 'Varför är det inte ert?', en: 'Why is it not yours?' },
  'decline.reason.placeholder': { sv: 't.ex. fel område', en: 'e.g. wrong area' },
  'fact.area': { sv: 'Område', en: 'Area' },
  'fact.category': { sv: 'Kategori', en: 'Category' },
  'fact.severity': { sv: 'Allvarlighet', en: 'Severity' },
  'fact.status': { sv: 'Status', en: 'Status' },
  'fact.reported': { sv: 'Rapporterad', en: 'Reported' },
  'fact.reporter': { sv: 'Rapporterad av', en: 'Reported by' },
  'fact.agencies': { sv: 'Myndigheter', en: 'Agencies' },
  'fact.sensitive': { sv: 'Sekretess', en: 'Confidential' },
  'fact.deadline': { sv: 'Kvittera senast', en: 'Acknowledge by' },
  'fact.reason': { sv: 'Anledning', en: 'Reason' },
  'title.new': { sv: 'Ny händelse {ref}: {area}', en: 'New incident {ref}: {area}' },
  'title.registered': { sv: 'Händelse {ref} registrerad', en: 'Incident {ref} registered' },
  'title.status': { sv: 'Händelse {ref}', en: 'Incident {ref}' },
  'title.escalated': { sv: 'Eskalering: {agency} har inte kvitterat {ref}', en: 'Escalation: {agency} has not acknowledged {ref}' },
  'title.list': { sv: 'Öppna händelser', en: 'Open incidents' },
  'title.help': { sv: 'Samband: kommandon', en: 'Samband: commands' },
  'title.form': { sv: 'Rapportera händelse', en: 'Report an incident' },
  'title.update': { sv: '{ref}: {agency} {state}', en: '{ref}: {agency} {state}' },
  'text.registered': { sv: 'Larmade: {agencies}.', en: 'Notified: {agencies}.' },
  'text.already_registered': { sv: 'Den här rapporten var redan registrerad som {ref}.', en: 'This report was already registered as {ref}.' },
  'text.ack.done': { sv: '{agency} har kvitterat {ref}.', en: '{agency} acknowledged {ref}.' },
  'text.responding.done': { sv: '{agency} är på väg till {ref}.', en: '{agency} is responding to {ref}.' },
  'text.decline.done': { sv: '{agency} har markerat {ref} som inte sin: {reason}', en: '{agency} marked {ref} as not theirs: {reason}' },
  'text.already': { sv: '{agency} har redan svarat på {ref} ({state}, {time} av {person}). Inget ändrat.', en: '{agency} already answered {ref} ({state}, {time} by {person}). Nothing changed.' },
  'text.note.done': { sv: 'Anteckning tillagd på {ref}.', en: 'Note added to {ref}.' },
  'text.note.new': { sv: '{person} antecknade på {ref}: {text}', en: '{person} noted on {ref}: {text}' },
  'text.closed': { sv: '{ref} är stängd.', en: '{ref} is closed.' },
  'text.reopened': { sv: '{ref} är öppnad igen.', en: '{ref} is reopened.' },
  'text.request.replayed_ref': { sv: 'Den här begäran om {ref} var redan utförd. Inget ändrat.', en: 'This request about {ref} was already carried out. Nothing changed.' },
  'text.request.replayed': { sv: 'Den här begäran var redan utförd. Inget ändrat.', en: 'This request was already carried out. Nothing changed.' },
  'text.held': { sv: '{ref} har bevarandebeslut (legal hold) och gallras inte förrän det släpps.', en: '{ref} is on legal hold and will not be erased until it is released.' },
  'text.already_held': { sv: '{ref} hade redan bevarandebeslut. Inget ändrat.', en: '{ref} was already on legal hold. Nothing changed.' },
  'text.released': { sv: 'Bevarandebeslutet för {ref} är släppt: gallringsreglerna gäller igen.', en: 'The legal hold on {ref} is released: the retention rules apply again.' },
  'text.not_held': { sv: '{ref} hade inget bevarandebeslut. Inget ändrat.', en: '{ref} was not on legal hold. Nothing changed.' },
  'text.by_reference': {
    sv: 'Detaljer visas inte här. Skriv status {ref} till Samband i ett privat meddelande, eller öppna webbvyn.',
    en: 'Details are not shown here. Send status {ref} to Samband in a private message, or open the web view.',
  },
  'text.erased': { sv: 'Borttaget enligt gallringsreglerna', en: 'Removed under the retention rules' },
  'text.already_closed': { sv: '{ref} var redan stängd. Inget ändrat.', en: '{ref} was already closed. Nothing changed.' },
  'text.escalated.backup': { sv: '{agency} har inte kvitterat inom {minutes} min. Ni är reservmottagare.', en: '{agency} has not acknowledged within {minutes} min. You are the backup.' },
  'text.escalated.supervisor': { sv: '{agency} har inte kvitterat {ref}, inte heller reserven.', en: '{agency} has not acknowledged {ref}, nor has its backup.' },
  'text.list.empty': { sv: 'Inga öppna händelser som du kan se.', en: 'No open incidents that you can see.' },
  'text.form': { sv: 'Fyll i formuläret för att rapportera.', en: 'Fill in the form to report.' },
  'form.area': { sv: 'Område', en: 'Area' },
  'form.category': { sv: 'Kategori', en: 'Category' },
  'form.severity': { sv: 'Allvarlighet', en: 'Severity' },
  'form.description': { sv: 'Vad har hänt?', en: 'What happened?' },
  'form.sensitive': { sv: 'Sekretessuppgifter (visas bara för behöriga)', en: 'Confidential details (shown only to those allowed)' },
  'form.submit': { sv: 'Rapportera', en: 'Report' },
  'reporter.unknown': { sv: 'okänd', en: 'unknown' },
  'help.areas': { sv: 'Områden: {areas}.', en: 'Areas: {areas}.' },
  'help.areas.more': { sv: '(och {count} till, alla finns i formuläret)', en: '(and {count} more, all of them in the form)' },
  'help.text': {
    sv: [
      '/incident <område> [1-4] <vad som hänt>  rapportera (utan text: formulär)',
      'ack <nr>  kvittera för din myndighet',
      'responding <nr>  ni är på väg',
      'decline <nr> <varför>  inte ert',
      'note <nr> <text>  anteckna',
      'close <nr> / reopen <nr>  stäng eller öppna igen',
      'status <nr>  läget',
      'list [område]  öppna händelser',
      'hold <nr> / release <nr>  bevarandebeslut: gallra inte (arbetsledare, admin)',
      'Svenska ord fungerar också: händelse, kvittera, påväg, avböj, notera, stäng, återöppna, lista, hjälp.',
      'Allvarlighet: {severities}.',
    ].join('\n'),
    en: [
      '/incident <area> [1-4] <what happened>  report (no text: a form)',
      'ack <no>  acknowledge for your agency',
      'responding <no>  you are on your way',
      'decline <no> <why>  not yours',
      'note <no> <text>  add a note',
      'close <no> / reopen <no>  close or reopen',
      'status <no>  where it stands',
      'list [area]  open incidents',
      'hold <no> / release <no>  legal hold: do not erase (supervisors, admins)',
      'Severity: {severities}.',
    ].join('\n'),
  },
} satisfies Record<string, Record<Locale, Template>>;

export type TextKey = keyof typeof texts;

/** A UI text in the given language. */
export function t(key: TextKey, locale: Locale, params: Params = {}): string {
  return fillText(texts[key][locale], locale, params);
}
