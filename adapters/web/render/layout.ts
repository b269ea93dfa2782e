import type { Directory } from '../../../src/core/directory/directory.ts';
import type { Person } from '../../../src/core/directory/directory.types.ts';
import { esc, query } from './html.ts';
import { csrfField, type RenderContext } from './render-message.ts';
import { renderFooter } from './footer.ts';
import { personaLabel, personasByRole } from '../personas.ts';
import { maySupervise } from '../../../src/core/supervision/supervision-scope.ts';
import { wt } from '../web-texts.ts';

export interface PageFrame {
  ctx: RenderContext;
  directory: Directory;
  person: Person;
  view: 'console' | 'supervisor';
  /** The page's own path, for the language switch (default: `/` or `/supervisor` by view). */
  path?: string;
  /** Page title after "Samband". */
  title: string;
  /** Current page's parameters other than `as` and `lang`, so the language switch stays on the same page. */
  params?: Record<string, string | undefined>;
  channel?: string;
  /** Signed in (OIDC): the person is fixed, so no persona switcher, and a sign-out button instead. */
  signedIn: boolean;
  main: string;
  nav?: string;
}

/**
 * The page shell: header with the persona switcher (local demo) or the signed-in person and a sign-out button, the
 * language switch, optional sidebar, main content, and a footer with the accessibility statement.
 */
export function renderPage(frame: PageFrame): string {
  const { ctx, person } = frame;
  const otherLang = ctx.locale === 'sv' ? 'en' : 'sv';
  const path = frame.path ?? (frame.view === 'supervisor' ? '/supervisor' : '/');
  const langHref = `${path}${query({ as: person.id, ...frame.params, lang: otherLang })}`;
  const viewLink = frame.view === 'supervisor'
    ? `<a class="nav-link" href="/${query({ as: person.id, lang: ctx.lang })}">${esc(wt('nav.console', ctx.locale))}</a>`
    : maySupervise(person)
      ? `<a class="nav-link" id="supervisor-link" href="/supervisor${query({ as: person.id, lang: ctx.lang })}">${esc(wt('nav.supervisor', ctx.locale))}</a>`
      : '';
  const logout = frame.signedIn
    ? `<form method="post" action="/logout" class="inline">${csrfField(ctx)}<button type="submit" class="btn btn-small" id="sign-out">${esc(wt('login.logout', ctx.locale))}</button></form>`
    : '';
  const who = frame.signedIn
    ? `<p class="signed-in" id="signed-in">${esc(wt('signin.as', ctx.locale, { name: personaLabel(frame.directory, person, ctx.locale) }))}</p>`
    : personaSwitcher(frame);
  const body = frame.nav ? `<div class="layout">${frame.nav}<main id="main" tabindex="-1">${frame.main}</main></div>` : `<main id="main" class="wide" tabindex="-1">${frame.main}</main>`;
  return `<!doctype html><html lang="${ctx.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${esc(frame.title)} – Samband</title><link rel="stylesheet" href="/static/console.css"><script src="/static/console.js" defer></script></head>`
    + `<body data-view="${frame.view}" data-persona="${esc(person.id)}"${ctx.lang ? ` data-lang="${ctx.lang}"` : ''}${frame.channel ? ` data-channel="${esc(frame.channel)}"` : ''} data-live="off">`
    + `<a class="skip" href="#main">${esc(wt('skip', ctx.locale))}</a>`
    + `<header class="top"><div class="brand"><p class="logo">Samband</p><p class="tagline">${esc(wt(frame.signedIn ? 'app.tagline_signed_in' : 'app.tagline', ctx.locale))}</p></div>`
    + `${who}<div class="top-links">${viewLink}<a class="nav-link" href="${esc(langHref)}" lang="${otherLang}">${esc(wt('lang.switch', ctx.locale))}</a>`
    + `<span class="live" id="live-status" aria-hidden="true">${esc(wt('live.status', ctx.locale))}</span>${logout}</div></header>${body}${renderFooter(ctx.locale, ctx.lang)}</body></html>`;
}

function personaSwitcher(frame: PageFrame): string {
  const { directory, person, ctx } = frame;
  const groups = personasByRole(directory).map(({ role, people }) => `<optgroup label="${esc(wt(`role.${role}`, ctx.locale))}">`
    + people.map((p) => `<option value="${esc(p.id)}"${p.id === person.id ? ' selected' : ''}>${esc(personaLabel(directory, p, ctx.locale))}</option>`).join('')
    + '</optgroup>').join('');
  return `<form class="persona" method="get" action="/" id="persona-form"><label for="persona">${esc(wt('persona.label', ctx.locale))}</label>`
    + `<select id="persona" name="as">${groups}</select>`
    + `<button type="submit" class="btn btn-small" id="persona-submit">${esc(wt('persona.switch', ctx.locale))}</button></form>`;
}
