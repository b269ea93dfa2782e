import type { Locale } from '../../src/core/shared/platform.types.ts';

/**
 * The few texts the Teams adapter shows on its own (everything about incidents comes from the core). Always both
 * languages: a welcome in a channel goes to people whose language the bot does not know yet.
 */
const TEXTS = {
  'welcome.title': { sv: 'Samband är installerat', en: 'Samband is installed' },
  'welcome.channel': {
    sv: 'Nämn mig med ett kommando, t.ex. "@Samband incident Rinkeby 2 stenkastning mot buss", eller "@Samband help". '
      + 'Konversations-id för konfigurationsfilen (agency addresses, platform teams): {conversation} (tenant {tenant}).',
    en: 'Mention me with a command, e.g. "@Samband incident Rinkeby 2 stones thrown at a bus", or "@Samband help". '
      + 'Conversation id for the deployment file (agency addresses, platform teams): {conversation} (tenant {tenant}).',
  },
  'welcome.personal': {
    sv: 'Skriv "help" för att se kommandona, eller "incident" för att rapportera en händelse i ett formulär.',
    en: 'Type "help" to see the commands, or "incident" to report an incident with a form.',
  },
  'reason.send': { sv: 'Skicka', en: 'Send' },
  'reason.required': { sv: 'Ange ett skäl.', en: 'Give a reason.' },
  'form.required': { sv: 'Fältet måste fyllas i.', en: 'This field is required.' },
  'invoke.working': {
    sv: 'Mottaget. Kortet uppdateras om en stund.',
    en: 'Received. The card will update in a moment.',
  },
  'received.spooled': {
    sv: 'Mottaget. Det registreras när databasen är tillbaka, och du får svar här då.',
    en: 'Received. It will be registered when the database is back, and you will get the answer here then.',
  },
  'received.later': {
    sv: 'Mottaget, men det kunde inte göras just nu. Samband försöker igen och svarar här.',
    en: 'Received, but it could not be done just now. Samband tries again and answers here.',
  },
  'card.truncated': { sv: '(förkortat)', en: '(shortened)' },
  'private.sent': { sv: 'Svaret har skickats till dig privat.', en: 'The answer was sent to you privately.' },
  'private.failed': {
    sv: 'Svaret kan bara visas för dig, men din personliga chatt med Samband gick inte att nå. Skriv till Samband i en personlig chatt.',
    en: 'The answer can only be shown to you, but your personal chat with Samband could not be reached. Write to Samband in a personal chat.',
  },
  'send.possible_repeat': { sv: 'Kan upprepa ett tidigare meddelande.', en: 'May repeat an earlier message.' },
  'error.turn': {
    sv: 'Något gick fel. Försök igen om en stund.',
    en: 'Something went wrong. Please try again in a moment.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type TeamsTextKey = keyof typeof TEXTS;

/** A platform text in one language, with `{name}` placeholders filled. */
export function teamsText(key: TeamsTextKey, locale: Locale, params: Record<string, string> = {}): string {
  return TEXTS[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** Both languages, Swedish first, for messages whose reader's language is unknown. */
export function teamsTextBoth(key: TeamsTextKey, params: Record<string, string> = {}): string {
  return `${teamsText(key, 'sv', params)}\n\n${teamsText(key, 'en', params)}`;
}
