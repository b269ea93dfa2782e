import type { Directory } from '../../../../src/core/directory/directory.ts';
import { projectOutlines, type AreaOutline } from '../../../../src/core/charts/area-outlines.ts';
import type { AreaPicture } from '../../../../src/core/supervision/area-picture.ts';
import type { Incident } from '../../../../src/core/incident/incident.types.ts';
import { formatLocalTime } from '../../../../src/core/messages/format-time.ts';
import { esc, query } from '../html.ts';
import type { RenderContext } from '../render-message.ts';
import { at } from '../../area-texts.ts';
import { PICTURE, renderAreaSvg, renderLegend } from './area-picture-svg.ts';

const link = (ctx: RenderContext, path: string, params: Record<string, string | undefined> = {}) => `${path}${query({ as: ctx.personaId, lang: ctx.lang, ...params })}`;

/** Back to the supervisor view, and between the area picture and the weekly pack. */
export function areaNav(ctx: RenderContext): string {
  const l = ctx.locale;
  return `<nav class="sub-nav" aria-label="${esc(at('nav.areas', l))}"><a href="${esc(link(ctx, '/supervisor'))}">${esc(at('nav.back', l))}</a>`
    + ` · <a href="${esc(link(ctx, '/supervisor/areas'))}">${esc(at('nav.areas', l))}</a>`
    + ` · <a href="${esc(link(ctx, '/supervisor/pack'))}">${esc(at('nav.pack', l))}</a></nav>`;
}

/**
 * The area picture page: the map, its legend, and the same figures as a table with the same links. The map fits the
 * outlines of the areas the person oversees (a district supervisor sees their district filling the picture).
 */
export function renderAreaPictureMain(picture: AreaPicture, outlines: AreaOutline[], ctx: RenderContext): string {
  const l = ctx.locale;
  const shown = new Set(picture.rows.map((r) => r.area.id));
  const projected = projectOutlines(outlines.filter((o) => shown.has(o.areaId)), PICTURE);
  const href = (areaId: string) => link(ctx, '/supervisor/area', { area: areaId });
  const rows = picture.rows.map((row) => `<tr data-area="${esc(row.area.id)}" class="level-${row.area.level}">`
    + `<th scope="row"><a href="${esc(href(row.area.id))}">${esc(row.area.name[l])}</a></th><td>${esc(at(`level.${row.area.level}`, l))}</td>`
    + `<td class="num">${row.open}</td><td class="num">${row.overdueActions}</td><td><span class="load load-${row.load}">${esc(at(`load.${row.load}`, l))}</span></td>`
    + `<td><a href="${esc(link(ctx, '/supervisor/pack', { area: row.area.id }))}">${esc(at('areas.pack', l))}<span class="visually-hidden"> ${esc(row.area.name[l])}</span></a></td></tr>`).join('');
  return `${areaNav(ctx)}<h1>${esc(at('areas.title', l))}</h1><p class="sub">${esc(at('areas.intro', l))}</p>`
    + `<div class="area-picture">${renderAreaSvg(projected, picture.rows, l, href)}${renderLegend(l)}</div>`
    + `<p class="sub">${esc(at('areas.approx', l))} ${esc(at('areas.actions_note', l))}</p>`
    + `<section class="panel" aria-labelledby="area-table-title"><h2 id="area-table-title">${esc(at('areas.table', l))}</h2><table id="area-table"><thead><tr>`
    + `<th scope="col">${esc(at('areas.area', l))}</th><th scope="col">${esc(at('areas.level', l))}</th><th scope="col" class="num">${esc(at('areas.open', l))}</th>`
    + `<th scope="col" class="num">${esc(at('areas.overdue', l))}</th><th scope="col">${esc(at('areas.load', l))}</th><th scope="col">${esc(at('areas.pack', l))}</th></tr></thead>`
    + `<tbody>${rows}</tbody></table></section>`;
}

/** One area's open incidents (summary only: no descriptions), each linking to its timeline in the supervisor view. */
export function renderAreaIncidentsMain(directory: Directory, areaId: string, incidents: Incident[], ctx: RenderContext): string {
  const l = ctx.locale;
  const name = directory.area(areaId)?.name[l] ?? areaId;
  const title = `<h1>${esc(at('list.title', l, { area: name }))}</h1>`;
  if (incidents.length === 0) return `${areaNav(ctx)}${title}<p>${esc(at('list.none', l))}</p>`;
  const rows = incidents.map((i) => `<tr data-ref="${esc(i.ref)}"><th scope="row"><a href="${esc(link(ctx, '/supervisor', { incident: i.ref }))}">${esc(i.ref)}</a></th>`
    + `<td>${esc(directory.area(i.areaId)?.name[l] ?? i.areaId)}</td><td>${esc(directory.category(i.categoryId)?.name[l] ?? i.categoryId)}</td>`
    + `<td>${esc(`${i.severity} ${directory.severity(i.severity)?.name[l] ?? ''}`.trim())}</td><td>${esc(formatLocalTime(i.createdAt, ctx.timeZone))}</td>`
    + `<td>${i.agencies.map((a) => esc(`${directory.agency(a.agencyId)?.name[l] ?? a.agencyId}: ${at(`state.${a.state}`, l)}`)).join('<br>')}</td></tr>`).join('');
  return `${areaNav(ctx)}${title}<table id="area-incidents"><thead><tr><th scope="col">${esc(at('list.ref', l))}</th><th scope="col">${esc(at('list.area', l))}</th>`
    + `<th scope="col">${esc(at('list.category', l))}</th><th scope="col">${esc(at('list.severity', l))}</th><th scope="col">${esc(at('list.since', l))}</th>`
    + `<th scope="col">${esc(at('list.agencies', l))}</th></tr></thead><tbody>${rows}</tbody></table>`;
}
