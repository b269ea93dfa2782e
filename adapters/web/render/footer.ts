import type { Locale } from '../../../src/core/shared/platform.types.ts';
import { esc, query } from './html.ts';
import { wt } from '../web-texts.ts';

/** The footer of every page: the link to the accessibility statement (required on every page of a public service). */
export function renderFooter(locale: Locale, lang?: Locale): string {
  return `<footer class="page-footer"><a href="/accessibility${esc(query({ lang }))}">${esc(wt('a11y.link', locale))}</a></footer>`;
}

/** A small page outside the console (sign-in, errors, the accessibility statement), with the same footer. */
export function renderPlainPage(locale: Locale, title: string, main: string, lang?: Locale): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`
    + `<title>${esc(title)} – Samband</title><link rel="stylesheet" href="/static/console.css"></head>`
    + `<body><a class="skip" href="#main">${esc(wt('skip.main', locale))}</a><header class="top"><div class="brand"><p class="logo">Samband</p></div></header>`
    + `<main id="main" class="wide narrow" tabindex="-1">${main}</main>${renderFooter(locale, lang)}</body></html>`;
}
