import type { ProjectedOutline } from '../../../../src/core/charts/area-outlines.ts';
import type { AreaLoad, AreaPictureRow } from '../../../../src/core/supervision/area-picture.ts';
import type { Locale } from '../../../../src/core/shared/platform.types.ts';
import { esc } from '../html.ts';
import { at } from '../../area-texts.ts';

/** Fills light enough for dark text on every level (contrast 4.5:1 or more), each with its own hatch-free shade. */
export const LOAD_FILL: Record<AreaLoad, string> = { none: '#eef1f4', low: '#fde7a6', medium: '#f7b477', high: '#e98a80' };

export const PICTURE = { width: 720, height: 560, padding: 24 };

/** One area's accessible name: name, counts and load in words (the colour is never the only signal). */
export function areaLabel(row: AreaPictureRow, locale: Locale): string {
  return at('areas.label', locale, { area: row.area.name[locale], open: row.open, overdue: row.overdueActions, load: at(`load.${row.load}`, locale) });
}

/**
 * The picture as inline SVG, drawn on the server: each area its outline, filled by load, with its name and count
 * written on it, and a link to its list. Areas without an outline are left out here (the table lists them).
 */
export function renderAreaSvg(outlines: ProjectedOutline[], rows: AreaPictureRow[], locale: Locale, href: (areaId: string) => string): string {
  const byId = new Map(rows.map((r) => [r.area.id, r]));
  const drawn = outlines.filter((o) => byId.has(o.areaId));
  if (drawn.length === 0) return `<p class="sub">${esc(at('areas.nomap', locale))}</p>`;
  const shapes = drawn.map((o) => {
    const row = byId.get(o.areaId)!;
    const [x, y] = o.label;
    return `<a href="${esc(href(o.areaId))}" aria-label="${esc(areaLabel(row, locale))}" class="area-link" data-area="${esc(o.areaId)}" data-load="${row.load}">`
      + `<path d="${o.d}" fill="${LOAD_FILL[row.load]}" stroke="#3d4852" stroke-width="1.5"/>`
      + `<text text-anchor="middle"><tspan x="${x}" y="${y - 4}" class="area-name">${esc(row.area.name[locale])}</tspan>`
      + `<tspan x="${x}" dy="16" class="area-count"> ${row.open}</tspan></text></a>`;
  }).join('');
  return `<svg id="area-map" class="area-map" viewBox="0 0 ${PICTURE.width} ${PICTURE.height}" width="${PICTURE.width}" height="${PICTURE.height}" role="group" aria-labelledby="area-map-title">`
    + `<title id="area-map-title">${esc(at('areas.map', locale))}</title>${shapes}</svg>`;
}

/** The legend: each colour with its name, in words and numbers. */
export function renderLegend(locale: Locale): string {
  const items = (['none', 'low', 'medium', 'high'] as const).map((load) => `<li><svg width="18" height="14" aria-hidden="true" focusable="false"><rect width="18" height="14" fill="${LOAD_FILL[load]}" stroke="#3d4852"/></svg> ${esc(at(`load.${load}`, locale))}</li>`).join('');
  return `<figure class="legend"><figcaption>${esc(at('areas.legend', locale))}</figcaption><ul>${items}</ul></figure>`;
}
