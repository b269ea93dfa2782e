import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebConsoleDeps } from '../web-console.deps.ts';
import { pageQuerySchema } from '../inbound-schemas.ts';
import { fallbackLocale } from '../visitor.ts';
import { sendHtml } from '../http/responses.ts';
import { renderPlainPage } from '../render/footer.ts';
import { esc, query } from '../render/html.ts';
import { wt } from '../web-texts.ts';
import type { Locale } from '../../../src/core/shared/platform.types.ts';

/** The statement's body per language: what conforms, how it was tested, what does not yet, where to turn. */
const STATEMENT: Record<Locale, string> = {
  sv: `<p>Samband ska vara tillgängligt för alla, enligt lagen (2018:1937) om tillgänglighet till digital offentlig service.
Den här redogörelsen gäller webbkonsolen, formuläret, samordnarvyn och inloggningssidan.</p>
<h2>Hur tillgängligt är Samband?</h2>
<p>Webbkonsolen är avsedd att uppfylla WCAG 2.1 på nivå AA. Varje sida testas automatiskt med axe-core i Chromium, på svenska och
engelska, utan anmärkningar. Att rapportera och kvittera en händelse går att göra med enbart tangentbord, med skärmläsare, utan
JavaScript och på en skärm som är 390 pixlar bred.</p>
<h2>Kända brister</h2>
<ul><li>Diagrammen i samordnarvyn är bilder; samma siffror finns som tabell under varje diagram.</li>
<li>Nya meddelanden meddelas av skärmläsare när sidan är öppen; utan JavaScript syns de först när sidan laddas om.</li></ul>
<h2>Kontakta oss</h2>
<p>Om du inte kan använda någon del av Samband, eller hittar en brist som inte står här, kontakta din organisations
Samband-administratör. Du får svar inom två arbetsdagar.</p>
<h2>Tillsyn</h2>
<p>Myndigheten för digital förvaltning (Digg) har tillsyn över lagen. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du
<a href="https://www.digg.se/tdosanmalan">anmäla det till Digg</a>.</p>
<p>Redogörelsen uppdaterades den 29 november 2026.</p>`,
  en: `<p>Samband is meant to be usable by everyone, under the Swedish Act (2018:1937) on accessibility to digital public services.
This statement covers the web console, the incident form, the supervisor view and the sign-in page.</p>
<h2>How accessible is Samband?</h2>
<p>The web console aims to meet WCAG 2.1 at level AA. Every page is tested automatically with axe-core in Chromium, in Swedish and
English, with no findings. Reporting and acknowledging an incident work with the keyboard alone, with a screen reader, without
JavaScript, and on a screen 390 pixels wide.</p>
<h2>Known shortcomings</h2>
<ul><li>The charts in the supervisor view are images; the same figures are in a table below each chart.</li>
<li>New messages are announced to screen readers while the page is open; without JavaScript they appear when the page is reloaded.</li></ul>
<h2>Contact us</h2>
<p>If you cannot use some part of Samband, or find a shortcoming not listed here, contact your organisation's Samband administrator.
You will get an answer within two working days.</p>
<h2>Enforcement</h2>
<p>The Agency for Digital Government (Digg) supervises the Act. If you are not satisfied with how we handle your feedback, you can
<a href="https://www.digg.se/tdosanmalan">report it to Digg</a>.</p>
<p>This statement was last updated on 29 November 2026.</p>`,
};

/** GET /accessibility : the accessibility statement, in Swedish or English, open to everyone (no sign-in needed). */
export async function accessibilityRoute(deps: WebConsoleDeps, _req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const q = pageQuerySchema.parse(Object.fromEntries(url.searchParams));
  const locale = await fallbackLocale(deps, q.lang);
  const other: Locale = locale === 'sv' ? 'en' : 'sv';
  const title = wt('a11y.title', locale);
  sendHtml(res, 200, renderPlainPage(locale, title, `<h1>${esc(title)}</h1>${STATEMENT[locale]}`
    + `<p><a href="/accessibility${esc(query({ lang: other }))}" lang="${other}">${esc(wt('lang.switch', locale))}</a> · <a href="/${esc(query({ lang: q.lang }))}">${esc(wt('nav.console', locale))}</a></p>`, q.lang));
}
