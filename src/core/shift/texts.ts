import type { Locale } from '../shared/platform.types.ts';
import type { CommandOutcome } from '../coordination/command-outcome.ts';

export type TextParams = Record<string, string | number>;

/**
 * A typed text table for one domain (shift, handover, digest), Swedish and English side by side, filled like the
 * core's i18n: `{name}` placeholders.
 */
export function textTable<K extends string>(texts: Record<K, Record<Locale, string>>) {
  return (key: K, locale: Locale, params: TextParams = {}): string =>
    texts[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

/**
 * A user-facing refusal of shift, handover and digest commands. The text is built lazily in the reader's language;
 * the extension turns it into an error reply that changes nothing.
 */
export class ExtensionError extends Error {
  constructor(readonly code: string, readonly text: (locale: Locale) => string) {
    super(code);
    this.name = 'ExtensionError';
  }
}

/** Runs an extension command, turning an ExtensionError into an error reply that changed nothing. */
export async function withExtensionErrors(
  locale: Locale, work: () => Promise<CommandOutcome>,
): Promise<CommandOutcome> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ExtensionError)) throw error;
    const text = error.text(locale);
    return { replies: [{ locale, tone: 'error', title: text, facts: [], actions: [], fallback: text, audience: 'reply' }], changed: false };
  }
}

/** The first word of an extension command mapped through a table of sub-commands (normalised words). */
export function subcommand<T extends string>(table: Record<string, T>, word: string | undefined): T | undefined {
  if (word === undefined) return undefined;
  const normalized = word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return Object.prototype.hasOwnProperty.call(table, normalized) ? table[normalized] : undefined;
}
