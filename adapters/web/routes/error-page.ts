import type { ServerResponse } from 'node:http';
import type { Locale } from '../../../src/core/shared/platform.types.ts';
import type { WebConsoleDeps } from '../web-console.deps.ts';
import { fallbackLocale } from '../visitor.ts';
import { esc } from '../render/html.ts';
import { renderPlainPage } from '../render/footer.ts';
import { sendHtml } from '../http/responses.ts';
import { wt, type WebTextKey } from '../web-texts.ts';

/** A small page for an unknown persona or a refused request, with a way back to the start. */
export async function renderErrorPage(deps: WebConsoleDeps, res: ServerResponse, status: number, key: WebTextKey, lang?: Locale): Promise<void> {
  const locale = await fallbackLocale(deps, lang);
  sendHtml(res, status, renderPlainPage(locale, 'Samband', `<h1>Samband</h1><p class="error-text" role="alert">${esc(wt(key, locale))}</p>`
    + `<p><a href="/">${esc(wt('nav.console', locale))}</a></p>`, lang));
}
