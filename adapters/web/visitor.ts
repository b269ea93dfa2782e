import type { IncomingMessage } from 'node:http';
import type { Directory } from '../../src/core/directory/directory.ts';
import type { Person } from '../../src/core/directory/directory.types.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import type { RenderContext } from './render/render-message.ts';
import { channelsOf, defaultPersona, type ConsoleChannel } from './personas.ts';
import type { WebConsoleDeps } from './web-console.deps.ts';
import { accessOf } from './console-access.ts';

/** The person a request acts as, with the language and channels that follow from it. */
export interface Visitor {
  directory: Directory;
  person: Person;
  ctx: RenderContext;
  channels: ConsoleChannel[];
  /** Signed in with OpenID Connect (the person is the session's, whatever `as` says). */
  signedIn: boolean;
}

/**
 * Who the request acts as. Signed in: the session's person, always (`as` is ignored, so nobody can act as someone
 * else). The local demo: `as` resolved the way the core does
 * (a web identity is the person's id), without `as` the first field staff member. The UI language is the one asked
 * for, else the person's own.
 */
export async function resolveVisitor(deps: WebConsoleDeps, req: IncomingMessage, as: string | undefined, lang: Locale | undefined): Promise<Visitor | null> {
  const directory = await deps.directory.current();
  const access = accessOf(req);
  let person: Person | undefined;
  if (access.personId) {
    person = directory.person(access.personId);
  } else {
    person = as ? directory.personByIdentity('web', '', as) : defaultPersona(directory);
  }
  if (!person) return null;
  const locale = lang ?? person.locale;
  const ctx: RenderContext = { personaId: person.id, lang, locale, timeZone: directory.settings.timeZone, csrf: access.csrf };
  return { directory, person, ctx, channels: channelsOf(directory, person, locale), signedIn: access.personId !== undefined };
}

/** The language to answer in when the persona is unknown. */
export async function fallbackLocale(deps: WebConsoleDeps, lang: Locale | undefined): Promise<Locale> {
  return lang ?? (await deps.directory.current()).settings.defaultLocale;
}
