import type { Locale } from '../../src/core/shared/platform.types.ts';

/**
 * The few texts the Slack adapter shows on its own (everything else comes from the core), in both languages.
 */
const texts = {
  'text.shortened': {
    sv: 'Texten är förkortad i Slack ({shown} av {total} tecken).',
    en: 'The text is shortened in Slack ({shown} of {total} characters).',
  },
  'list.more': { sv: '… och {count} till', en: '… and {count} more' },
  'send.possible_repeat': { sv: 'Kan upprepa ett tidigare meddelande.', en: 'May repeat an earlier message.' },
  'modal.cancel': { sv: 'Avbryt', en: 'Cancel' },
  'modal.send': { sv: 'Skicka', en: 'Send' },
  'error.form': {
    sv: 'Formuläret kunde inte öppnas. Försök igen, eller skriv /incident <område> <vad som hänt>.',
    en: 'The form could not be opened. Try again, or type /incident <area> <what happened>.',
  },
  'error.failed': {
    sv: 'Något gick fel när Samband skulle hantera det här. Försök igen om en stund.',
    en: 'Something went wrong while Samband handled this. Please try again in a moment.',
  },
  // Said before the person's language is known (the database is away), so in both.
  'received.spooled': {
    sv: 'Mottaget. Det registreras när databasen är tillbaka, och du får svar då. / Received. It will be registered when the database is back, and you will hear then.',
    en: 'Received. It will be registered when the database is back, and you will hear then. / Mottaget. Det registreras när databasen är tillbaka, och du får svar då.',
  },
  'error.payload': {
    sv: 'Samband kunde inte läsa det Slack skickade. Inget har ändrats.',
    en: 'Samband could not read what Slack sent. Nothing was changed.',
  },
} satisfies Record<string, Record<Locale, string>>;

export type SlackTextKey = keyof typeof texts;

/** An adapter text in the given language, with `{name}` placeholders filled. */
export function slackText(key: SlackTextKey, locale: Locale, params: Record<string, string | number> = {}): string {
  return texts[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
