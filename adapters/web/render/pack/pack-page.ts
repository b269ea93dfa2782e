import type { Directory } from '../../../../src/core/directory/directory.ts';
import type { Area } from '../../../../src/core/directory/directory.types.ts';
import type { WeeklyPack } from '../../../../src/core/pack/pack.types.ts';
import { packHeading, packTables, type PackCell, type PackTable } from '../../../../src/core/pack/pack-tables.ts';
import { packExportFiles } from '../../../../src/core/pack/pack-export.ts';
import { esc, query } from '../html.ts';
import type { RenderContext } from '../render-message.ts';
import { at } from '../../area-texts.ts';
import { areaNav } from '../areas/area-picture-page.ts';

const cell = (value: PackCell) => (value === null ? '–' : esc(value));

function tableHtml(table: PackTable, index: number): string {
  const id = `pack-${table.id}`;
  const head = `<h2 id="${id}-title">${esc(table.title)}</h2>`;
  if (table.rows.length === 0) return `<section class="pack-section" aria-labelledby="${id}-title">${head}<p id="${id}" class="empty-table">${esc(table.emptyText)}</p></section>`;
  const cols = table.columns.map((c) => `<th scope="col"${c.numeric ? ' class="num"' : ''}>${esc(c.label)}</th>`).join('');
  const rows = table.rows.map((row) => `<tr>${row.map((v, i) => (i === 0 ? `<th scope="row">${cell(v)}</th>` : `<td${table.columns[i]?.numeric ? ' class="num"' : ''}>${cell(v)}</td>`)).join('')}</tr>`).join('');
  return `<section class="pack-section" aria-labelledby="${id}-title" data-index="${index}">${head}<table id="${id}"><thead><tr>${cols}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The area and week chooser (a plain GET form: works without script). */
export function packChooser(areas: Area[], ctx: RenderContext, selected: { area?: string; week?: string }): string {
  const l = ctx.locale;
  const options = areas.map((a) => `<option value="${esc(a.id)}"${a.id === selected.area ? ' selected' : ''}>${esc(a.name[l])}</option>`).join('');
  return `<form class="pack-chooser no-print" method="get" action="/supervisor/pack"><input type="hidden" name="as" value="${esc(ctx.personaId)}">`
    + `${ctx.lang ? `<input type="hidden" name="lang" value="${esc(ctx.lang)}">` : ''}<fieldset><legend>${esc(at('pack.choose', l))}</legend>`
    + `<label for="pack-area">${esc(at('pack.area', l))}</label><select id="pack-area" name="area">${options}</select>`
    + `<label for="pack-week">${esc(at('pack.week', l))}</label><input id="pack-week" name="week" value="${esc(selected.week ?? '')}" pattern="\\d{4}-W\\d{2}" size="9">`
    + `<button type="submit" class="btn">${esc(at('pack.show', l))}</button></fieldset></form>`;
}

/** The weekly pack as a printable page: heading, summary, the tables, the definitions, and the export links. */
export function renderPackMain(directory: Directory, pack: WeeklyPack, areas: Area[], ctx: RenderContext): string {
  const l = ctx.locale;
  const h = packHeading(directory, pack, l);
  const tables = packTables(directory, pack, l);
  const files = packExportFiles(directory, pack, l);
  const fileHref = (name: string) => `/supervisor/pack/export${query({ as: ctx.personaId, lang: ctx.lang, area: pack.areaId, week: pack.window.week, file: name })}`;
  const exports = files.map((f, i) => `<li><a href="${esc(fileHref(f.name))}" download="${esc(f.name)}">${esc(i === 0 ? at('pack.export.md', l) : at('pack.export.csv', l, { table: tables[i - 1].title }))}</a></li>`).join('');
  return `<div class="no-print">${areaNav(ctx)}</div>${packChooser(areas, ctx, { area: pack.areaId, week: pack.window.week })}`
    + `<article class="pack" id="pack" data-area="${esc(pack.areaId)}" data-week="${esc(pack.window.week)}"><h1>${esc(h.title)}</h1><p class="sub">${esc(h.period)}</p>`
    + `<p id="pack-summary" class="pack-summary">${esc(h.summary)}</p>${tables.map(tableHtml).join('')}<p class="sub definitions">${esc(h.definitions)}</p></article>`
    + `<section class="panel no-print" aria-labelledby="pack-export-title"><h2 id="pack-export-title">${esc(at('pack.export', l))}</h2><p class="sub">${esc(at('pack.print', l))}</p><ul id="pack-exports">${exports}</ul></section>`;
}
