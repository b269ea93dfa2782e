import { textTable } from '../kernel/text-table.ts';

/** Texts of daily digests, Swedish and English. */
export const dt = textTable({
  'title': { sv: 'Dygnssammanfattning {date} · {scope}', en: 'Daily digest {date} · {scope}' },
  'title.late': { sv: ' (försenad)', en: ' (late)' },
  'scope.all': { sv: 'alla områden', en: 'all areas' },
  'summary': {
    sv: '{incidents} händelser, {open} fortfarande öppna, {escalations} eskaleringar, {missed} missade svarstider.',
    en: '{incidents} incidents, {open} still open, {escalations} escalations, {missed} missed answer deadlines.',
  },
  'day.23': { sv: 'Dygnet hade 23 timmar (sommartid började).', en: 'The day had 23 hours (summer time began).' },
  'day.25': { sv: 'Dygnet hade 25 timmar (sommartid slutade).', en: 'The day had 25 hours (summer time ended).' },
  'late.note': { sv: 'Skickad {sent}, schemalagd {due} (servern var nere).', en: 'Sent {sent}, scheduled for {due} (the server was down).' },
  'fact.areas': { sv: 'Händelser per område', en: 'Incidents by area' },
  'fact.categories': { sv: 'Per kategori', en: 'By category' },
  'fact.severities': { sv: 'Per allvarlighet', en: 'By severity' },
  'fact.open': { sv: 'Fortfarande öppna vid dygnets slut', en: 'Still open at the end of the day' },
  'fact.ack': { sv: 'Tid till svar per myndighet', en: 'Time to answer by agency' },
  'fact.escalations': { sv: 'Eskaleringar', en: 'Escalations' },
  'fact.handovers': { sv: 'Överlämningar', en: 'Handovers' },
  'none': { sv: 'inga', en: 'none' },
  'oldest': { sv: 'äldst', en: 'oldest' },
  'ack.line': { sv: '{agency}: median {median}, 90:e percentil {p90}, missade {misses} av {parts}', en: '{agency}: median {median}, 90th percentile {p90}, missed {misses} of {parts}' },
  'ack.unanswered': { sv: ', obesvarade: {count}', en: ', unanswered: {count}' },
  'escalation.line': { sv: '{agency}: {backup} till reserv, {supervisors} till chefer', en: '{agency}: {backup} to backup, {supervisors} to supervisors' },
  'handovers.line': {
    sv: '{onTime} i tid, {late} sena, {notAccepted} inte mottagna, {missing} saknas (av {expected} pass)',
    en: '{onTime} on time, {late} late, {notAccepted} not accepted, {missing} missing (of {expected} shifts)',
  },
  'chart.areas': { sv: 'Händelser per område {date}', en: 'Incidents by area {date}' },
  'chart.areas.alt': { sv: 'Stapeldiagram: antal händelser per område.', en: 'Bar chart: number of incidents per area.' },
  'chart.ack': { sv: 'Median tid till svar {date}', en: 'Median time to answer {date}' },
  'chart.ack.alt': { sv: 'Stapeldiagram: median minuter till svar per myndighet.', en: 'Bar chart: median minutes to answer per agency.' },
  'subscribed': { sv: 'Du får dygnssammanfattningen för {scope} kl {time} ({locale}). Id: {id}', en: 'You will get the daily digest for {scope} at {time} ({locale}). Id: {id}' },
  'unsubscribed': { sv: '{count} prenumerationer avslutade.', en: '{count} subscriptions ended.' },
  'subscriptions.title': { sv: 'Dina dygnssammanfattningar', en: 'Your daily digests' },
  'subscriptions.none': { sv: 'Du prenumererar inte på någon sammanfattning.', en: 'You have no digest subscriptions.' },
  'help.lines': {
    sv: 'digest [datum] [område|myndighet]  dygnssammanfattning (standard: igår)\ndigest subscribe [område|myndighet] [07:00] [sv|en] / digest unsubscribe [id] / digest subscriptions',
    en: 'digest [date] [area|agency]  daily digest (default: yesterday)\ndigest subscribe [area|agency] [07:00] [sv|en] / digest unsubscribe [id] / digest subscriptions',
  },
});
