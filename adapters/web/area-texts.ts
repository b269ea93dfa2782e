import type { Locale } from '../../src/core/shared/platform.types.ts';

/** Words of the area picture and the weekly pack pages, Swedish and English. */
const texts = {
  'nav.areas': { sv: 'Områdesbild', en: 'Area picture' },
  'nav.pack': { sv: 'Veckopaket', en: 'Weekly pack' },
  'nav.back': { sv: 'Till samordnarvyn', en: 'Back to the supervisor view' },
  'areas.title': { sv: 'Områdesbild', en: 'Area picture' },
  'areas.intro': {
    sv: 'Öppna händelser per område just nu. Välj ett område för dess lista. Samma uppgifter finns i tabellen under bilden.',
    en: 'Open incidents per area right now. Pick an area for its list. The table under the picture holds the same figures.',
  },
  'areas.map': { sv: 'Karta över områdena, färgade efter öppna händelser', en: 'Map of the areas, coloured by open incidents' },
  'areas.approx': { sv: 'Områdesgränserna är ungefärliga.', en: 'The area outlines are approximate.' },
  'areas.legend': { sv: 'Teckenförklaring: öppna händelser och försenade åtgärder', en: 'Legend: open incidents and overdue actions' },
  'areas.table': { sv: 'Områdena som tabell', en: 'The areas as a table' },
  'areas.area': { sv: 'Område', en: 'Area' },
  'areas.level': { sv: 'Nivå', en: 'Level' },
  'areas.open': { sv: 'Öppna händelser', en: 'Open incidents' },
  'areas.overdue': { sv: 'Försenade åtgärder', en: 'Overdue actions' },
  'areas.load': { sv: 'Läge', en: 'Load' },
  'areas.pack': { sv: 'Veckopaket', en: 'Weekly pack' },
  'areas.nomap': { sv: 'Ingen karta för dessa områden; se tabellen.', en: 'No map for these areas; see the table.' },
  // Starts with what the picture shows on the area (name and count), so the spoken name contains the visible one.
  'areas.label': { sv: '{area} {open} öppna, {overdue} försenade åtgärder, {load}', en: '{area} {open} open, {overdue} overdue actions, {load}' },
  'areas.actions_note': {
    sv: 'Försenade åtgärder visas som 0 tills myndigheternas åtgärder följs i Samband.',
    en: 'Overdue actions show as 0 until agency actions are tracked in Samband.',
  },
  'level.city': { sv: 'stad', en: 'city' },
  'level.district': { sv: 'stadsdel', en: 'district' },
  'level.area': { sv: 'område', en: 'area' },
  'load.none': { sv: 'inga öppna', en: 'none open' },
  'load.low': { sv: 'lågt (1–2)', en: 'low (1–2)' },
  'load.medium': { sv: 'medel (3–5)', en: 'medium (3–5)' },
  'load.high': { sv: 'högt (6 eller fler)', en: 'high (6 or more)' },
  'list.title': { sv: 'Öppna händelser i {area}', en: 'Open incidents in {area}' },
  'list.none': { sv: 'Inga öppna händelser.', en: 'No open incidents.' },
  'list.ref': { sv: 'Händelse', en: 'Incident' },
  'list.area': { sv: 'Område', en: 'Area' },
  'list.category': { sv: 'Kategori', en: 'Category' },
  'list.severity': { sv: 'Allvarlighet', en: 'Severity' },
  'list.since': { sv: 'Registrerad', en: 'Registered' },
  'list.agencies': { sv: 'Myndigheter', en: 'Agencies' },
  'list.timeline': { sv: 'Tidslinje', en: 'Timeline' },
  'state.notified': { sv: 'larmad', en: 'alerted' },
  'state.acknowledged': { sv: 'kvitterat', en: 'acknowledged' },
  'state.responding': { sv: 'på väg', en: 'responding' },
  'state.declined': { sv: 'avböjt', en: 'declined' },
  'pack.choose': { sv: 'Välj område och vecka', en: 'Choose area and week' },
  'pack.area': { sv: 'Område eller stadsdel', en: 'Area or district' },
  'pack.week': { sv: 'Vecka (ÅÅÅÅ-Vnn)', en: 'Week (YYYY-Www)' },
  'pack.show': { sv: 'Visa', en: 'Show' },
  'pack.print': { sv: 'Skriv ut med webbläsarens utskrift (Ctrl+P); sidan är anpassad för papper.', en: "Print with the browser's print (Ctrl+P); the page is laid out for paper." },
  'pack.export': { sv: 'Export till diariet', en: 'Export for the records system' },
  'pack.export.md': { sv: 'Hela paketet (Markdown)', en: 'The whole pack (Markdown)' },
  'pack.export.csv': { sv: 'Tabell: {table} (CSV)', en: 'Table: {table} (CSV)' },
  'error.not_supervisor': { sv: 'Den här sidan är för samordnare och administratörer.', en: 'This page is for supervisors and administrators.' },
  'error.area': { sv: 'Okänt område, eller ett område utanför ditt ansvar.', en: 'Unknown area, or an area outside your scope.' },
  'error.week': { sv: 'Ange veckan som ÅÅÅÅ-Vnn (t.ex. 2026-W23), en vecka som har börjat.', en: 'Give the week as YYYY-Www (e.g. 2026-W23), a week that has started.' },
  'error.file': { sv: 'Ingen sådan exportfil.', en: 'No such export file.' },
} as const satisfies Record<string, Record<Locale, string>>;

export type AreaTextKey = keyof typeof texts;

/** A text of the area and pack pages, with `{name}` placeholders filled. */
export function at(key: AreaTextKey, locale: Locale, params: Record<string, string | number> = {}): string {
  return texts[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
