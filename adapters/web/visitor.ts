import type { Directory } from '../../src/core/directory/directory.ts';
import type { Person } from '../../src/core/directory/directory.types.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import type { RenderContext } from './render/render-message.ts';
import { channelsOf, defaultPersona, type ConsoleChannel } from './personas.ts';
import type { WebConsoleDeps } from './web-console.deps.ts';

/** The person a request acts as, with the language and channels that follow from it. */
export interface Visitor {
  directory: Directory;
  person: Person;
  ctx: RenderContext;
  channels: ConsoleChannel[];
}

/**
 * Resolves `as` the way the core does (a web identity is the person's id) and picks the UI language: the one asked
 * for, else the persona's own. Without `as`, the first field staff member, so the first page works at once.
 */
export async function resolveVisitor(deps: WebConsoleDeps, as: string | undefined, lang: Locale | undefined): Promise<Visitor | null> {
  const directory = await deps.directory.current();
  const person = as ? directory.personByIdentity('web', '', as) : defaultPersona(directory);
  if (!person) return null;
  const locale = lang ?? person.locale;
  const ctx: RenderContext = { personaId: person.id, lang, locale, timeZone: directory.settings.timeZone };
  return { directory, person, ctx, channels: channelsOf(directory, person, locale) };
}

/** The language to answer in when the persona is unknown. */
export async function fallbackLocale(deps: WebConsoleDeps, lang: Locale | undefined): Promise<Locale> {
  return lang ?? (await deps.directory.current()).settings.defaultLocale;
}
