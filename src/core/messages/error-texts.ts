import type { Locale } from '../shared/platform.types.ts';
import type { ErrorCode } from '../shared/core-error.ts';

/** A text with `{name}` placeholders, or a function of the parameters (already in the reader's language). */
export type Template = string | ((p: Record<string, string>) => string);

/**
 * What each error code says, in Swedish and English. The core throws `CoreError(code, params)` and never builds a
 * text; the front door renders it here in the reader's language.
 */
export const ERROR_TEXTS: Record<ErrorCode, Record<Locale, Template>> = {
  unknown_person: {
    sv: 'Du finns inte i Samband ännu. Be din administratör lägga till ditt konto. Inget har ändrats.',
    en: 'You are not registered in Samband yet. Ask your administrator to add your account. Nothing was changed.',
  },
  incident_erased: {
    sv: '{ref} är redan gallrad enligt gallringsreglerna. Inget ändrat.',
    en: '{ref} was already erased under the retention rules. Nothing changed.',
  },
  unknown_command: {
    sv: 'Okänt kommando "{word}". Skriv help för att se vad du kan göra.',
    en: 'Unknown command "{word}". Type help to see what you can do.',
  },
  missing_area: {
    sv: 'Ange område, allvarlighet och vad som hänt, t.ex. /incident Rinkeby 2 stenkastning mot buss.',
    en: 'Give the area, severity and what happened, e.g. /incident Rinkeby 2 stones thrown at a bus.',
  },
  unknown_area: {
    sv: (p) => `Okänt område "${p.area}".${p.suggestions ? ` Menade du: ${p.suggestions}?` : ' Skriv help för att se områdena.'}`,
    en: (p) => `Unknown area "${p.area}".${p.suggestions ? ` Did you mean: ${p.suggestions}?` : ' Type help to see the areas.'}`,
  },
  missing_description: {
    sv: 'Beskriv vad som hänt efter området, t.ex. /incident Rinkeby 2 stenkastning mot buss.',
    en: 'Describe what happened after the area, e.g. /incident Rinkeby 2 stones thrown at a bus.',
  },
  description_too_long: {
    sv: 'Beskrivningen är för lång ({length} tecken, högst {max}). Korta den och försök igen.',
    en: 'The description is too long ({length} characters, at most {max}). Shorten it and try again.',
  },
  unknown_severity: {
    sv: 'Okänd allvarlighetsgrad "{severity}". Använd {levels}.',
    en: 'Unknown severity "{severity}". Use {levels}.',
  },
  unknown_category: {
    sv: 'Okänd kategori "{category}". Kategorier: {categories}.',
    en: 'Unknown category "{category}". Categories: {categories}.',
  },
  missing_ref: {
    sv: 'Ange vilken händelse, t.ex. {command} INC-2026-0042.',
    en: 'Say which incident, e.g. {command} INC-2026-0042.',
  },
  bad_ref: {
    sv: '"{ref}" är inget händelsenummer. Skriv t.ex. INC-2026-0042 eller 42.',
    en: '"{ref}" is not an incident number. Write e.g. INC-2026-0042 or 42.',
  },
  unknown_incident: {
    sv: 'Hittar ingen händelse {ref} som du kan se.',
    en: 'No incident {ref} that you can see.',
  },
  not_allowed: {
    sv: 'Du får inte göra det ({action}). Försöket har loggats.',
    en: 'You may not do that ({action}). The attempt has been logged.',
  },
  agency_not_notified: {
    sv: '{agency} är inte larmad om {ref}, så du kan inte svara för den.',
    en: '{agency} was not notified of {ref}, so you cannot answer for it.',
  },
  incident_closed: {
    sv: '{ref} är stängd. Öppna den igen med reopen {ref} först.',
    en: '{ref} is closed. Reopen it with reopen {ref} first.',
  },
  incident_open: {
    sv: '{ref} är redan öppen.',
    en: '{ref} is already open.',
  },
  missing_reason: {
    sv: 'Skriv varför det inte är ert, t.ex. decline {ref} fel område.',
    en: 'Say why it is not yours, e.g. decline {ref} wrong area.',
  },
  missing_text: {
    sv: 'Skriv en text efter händelsenumret, t.ex. note {ref} polis på plats.',
    en: 'Write some text after the incident number, e.g. note {ref} police on site.',
  },
  text_too_long: {
    sv: 'Texten är för lång ({length} tecken, högst {max}).',
    en: 'The text is too long ({length} characters, at most {max}).',
  },
  invalid_form: {
    sv: 'Formuläret är inte komplett: {fields}.',
    en: 'The form is not complete: {fields}.',
  },
  invalid_action: {
    sv: 'Knappen kunde inte läsas. Försök igen från det senaste meddelandet.',
    en: 'That button could not be read. Try again from the latest message.',
  },
  control_characters: {
    sv: 'Texten innehåller osynliga styrtecken (t.ex. NUL) som inte kan sparas. Skriv eller klistra in den igen som vanlig text. Inget har sparats.',
    en: 'The text contains invisible control characters (such as NUL) that cannot be saved. Type or paste it again as plain text. Nothing was saved.',
  },
  usage: { sv: 'Så här: {usage}', en: 'Usage: {usage}' },
  bad_date: { sv: '"{date}" är inget datum. Skriv t.ex. 2026-03-29, idag eller imorgon.', en: '"{date}" is not a date. Write e.g. 2026-03-29, today or tomorrow.' },
  bad_time: { sv: '"{time}" är ingen tid. Skriv t.ex. 19:00.', en: '"{time}" is not a time. Write e.g. 19:00.' },
  bad_days: { sv: '"{days}" är inga veckodagar. Skriv t.ex. mon-fri eller mån,ons.', en: '"{days}" are not weekdays. Write e.g. mon-fri or mon,wed.' },
  unknown_named_person: { sv: 'Okänd person "{person}".', en: 'Unknown person "{person}".' },
  unknown_roster: { sv: 'Okänt schema "{roster}". Scheman: {rosters}.', en: 'Unknown roster "{roster}". Rosters: {rosters}.' },
  unknown_shift: { sv: 'Schemat {roster} har inget pass "{shift}". Pass: {shifts}.', en: 'Roster {roster} has no shift "{shift}". Shifts: {shifts}.' },
  unknown_target: { sv: '"{text}" är varken ett område eller en myndighet.', en: '"{text}" is neither an area nor an agency.' },
  not_in_roster: { sv: '{person} hör inte till någon myndighet i schemat {roster}.', en: '{person} belongs to no agency of roster {roster}.' },
  no_agency: { sv: '{person} hör inte till någon myndighet.', en: '{person} belongs to no agency.' },
  not_on_shift: {
    sv: 'Du står inte på något pass som kan lämna över nu. Ange schemat: handover <schema> <sammanfattning>.',
    en: 'You are on no shift that can hand over now. Name the roster: handover <roster> <summary>.',
  },
  handover_already_sent: { sv: 'Passet har redan lämnats över ({ref}).', en: 'This shift has already been handed over ({ref}).' },
  unknown_handover: { sv: 'Hittar ingen överlämning {ref}.', en: 'No handover {ref}.' },
  not_incoming: { sv: 'Överlämning {ref} är till {people}, inte till dig.', en: 'Handover {ref} is for {people}, not for you.' },
  no_next_shift: { sv: 'Schemat {roster} har inget pass efter {shift}.', en: 'Roster {roster} has no shift after {shift}.' },
  digest_scope: { sv: 'Du kan bara se sammanfattningar för dina egna områden ({areas}).', en: 'You can only see digests for your own areas ({areas}).' },
  unknown_digest_word: { sv: '"{word}" är varken datum, tid, språk, område eller myndighet.', en: '"{word}" is neither a date, time, language, area nor agency.' },
  day_not_over: { sv: 'Dygnet {date} är inte slut än.', en: 'The day {date} is not over yet.' },
  // Weekly pack (issue 13, pack)
  pack_week: { sv: '"{week}" är ingen vecka. Skriv t.ex. 2026-W48 eller 48.', en: '"{week}" is not a week. Write e.g. 2026-W48 or 48.' },
  pack_future_week: { sv: 'Vecka {week} har inte börjat än.', en: 'Week {week} has not started yet.' },
  pack_scope: { sv: 'Du kan bara se veckopaket för dina egna områden ({areas}).', en: 'You can only see weekly packs for your own areas ({areas}).' },
  pack_word: { sv: '"{word}" är varken område, vecka eller språk.', en: '"{word}" is neither an area, a week nor a language.' },
  pack_weekday: { sv: 'Ange en veckodag och en tid, t.ex. pack subscribe Järva mån 08:00.', en: 'Give one weekday and a time, e.g. pack subscribe Järva mon 08:00.' },
  // Lead agency and situation reports
  lead_not_involved: {
    sv: '{agency} deltar inte i {ref}. Bara en av dess myndigheter kan leda: {agencies}. Inget ändrat.',
    en: '{agency} takes no part in {ref}. Only one of its agencies can lead: {agencies}. Nothing changed.',
  },
  sitrep_no_lead: {
    sv: '{ref} har ingen ledande myndighet än. Sätt en först med lead {ref} <myndighet>. Inget sparat.',
    en: '{ref} has no lead agency yet. Set one first with lead {ref} <agency>. Nothing saved.',
  },
  sitrep_not_lead: {
    sv: 'Bara ledande myndigheten ({agency}) eller en arbetsledare kan skriva lägesbild för {ref}. Försöket har loggats.',
    en: 'Only the lead agency ({agency}) or a supervisor may post a situation report on {ref}. The attempt has been logged.',
  },
  sitrep_empty: {
    sv: 'Lägesbilden är tom. Skriv t.ex. lägesbild {ref} läge: lugnt åtgärder: polis patrullerar behov: fältassistenter. Inget sparat.',
    en: 'The situation report is empty. Write e.g. sitrep {ref} situation: calm actions: police patrol needs: field workers. Nothing saved.',
  },
  sitrep_too_long: {
    sv: 'Texten under {field} är för lång ({length} tecken, högst {max}). Inget sparat.',
    en: 'The {field} text is too long ({length} characters, at most {max}). Nothing saved.',
  },
  sitrep_format: {
    sv: 'Varje rubrik (läge:, åtgärder:, behov:) får bara finnas en gång, och text före läge: räknas inte. Inget sparat.',
    en: 'Each heading (situation:, actions:, needs:) may appear only once, and no text may come before situation:. Nothing saved.',
  },
  // Agency actions (issue 13)
  unknown_agency: { sv: 'Okänd myndighet "{agency}". Myndigheter: {agencies}. Inget har ändrats.', en: 'Unknown agency "{agency}". Agencies: {agencies}. Nothing was changed.' },
  bad_action_ref: { sv: '"{ref}" är ingen åtgärd. Skriv händelse/löpnummer, t.ex. 42/1.', en: '"{ref}" is not an action. Write incident/number, e.g. 42/1.' },
  unknown_action: { sv: 'Hittar ingen åtgärd {ref} som du kan se.', en: 'No action {ref} that you can see.' },
  action_state: { sv: 'Åtgärd {ref} är {state}, så den kan inte {verb}. Inget har ändrats.', en: 'Action {ref} is {state}, so it cannot be {verb}. Nothing was changed.' },
  due_in_past: { sv: 'Datumet {due} har redan passerat. Ange ett senare datum.', en: 'The date {due} has already passed. Give a later date.' },
  missing_action_reason: { sv: 'Skriv varför ni avböjer, t.ex. åtgärd avböj {ref} inte vårt uppdrag.', en: 'Say why you decline, e.g. action decline {ref} not our remit.' },
};
