import type { Locale } from '../shared/platform.types.ts';

/** Values filled into `{name}` placeholders. A value may be localised (an area's Swedish and English name). */
export type TextParams = Record<string, string | number | Record<Locale, string>>;

/** One parameter in a language. */
export function paramIn(value: TextParams[string] | undefined, locale: Locale): string {
  if (value === undefined) return '';
  return typeof value === 'object' ? value[locale] : String(value);
}

/** Fills `{name}` placeholders of a template. */
export function fillText(template: string, locale: Locale, params: TextParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => paramIn(params[name], locale));
}

/**
 * A typed text table for one domain (shift, handover, digest), Swedish and English side by side, filled like the
 * core's i18n: `{name}` placeholders.
 */
export function textTable<K extends string>(texts: Record<K, Record<Locale, string>>) {
  return (key: K, locale: Locale, params: TextParams = {}): string => fillText(texts[key][locale], locale, params);
}
