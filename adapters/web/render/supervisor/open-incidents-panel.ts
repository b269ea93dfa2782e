import { esc } from '../html.ts';
import { wt } from '../../web-texts.ts';
import { areaName, type SupervisorPanel } from './panel.types.ts';

/** Open incidents as a table: one row per area, one column per severity, busiest area first. */
export const openIncidentsPanel: SupervisorPanel = (p) => {
  const { view, directory, ctx } = p;
  const l = ctx.locale;
  const head = `<h2 id="open-title">${esc(wt('sup.open', l))}</h2>`;
  if (view.openByArea.length === 0) return `<section class="panel" aria-labelledby="open-title">${head}<p>${esc(wt('sup.open.none', l))}</p></section>`;
  const severityName = (level: number) => `${level} ${directory.severity(level)?.name[l] ?? ''}`.trim();
  const cols = view.severities.map((s) => `<th scope="col" class="num sev-${s}">${esc(severityName(s))}</th>`).join('');
  const rows = view.openByArea.map((row) => `<tr data-area="${esc(row.areaId)}"><th scope="row">${esc(areaName(p, row.areaId))}</th>`
    + view.severities.map((s) => `<td class="num${row.bySeverity[s] ? ` sev-${s} has` : ''}">${row.bySeverity[s] ?? 0}</td>`).join('')
    + `<td class="num total">${row.total}</td></tr>`).join('');
  const totals = view.severities.map((s) => view.openByArea.reduce((sum, r) => sum + (r.bySeverity[s] ?? 0), 0));
  return `<section class="panel" aria-labelledby="open-title">${head}<div class="scroll" tabindex="0" role="region" aria-labelledby="open-title"><table id="open-table"><thead><tr><th scope="col">${esc(wt('sup.area', l))}</th>${cols}<th scope="col" class="num">${esc(wt('sup.total', l))}</th></tr></thead>`
    + `<tbody>${rows}</tbody><tfoot><tr><th scope="row">${esc(wt('sup.total', l))}</th>${totals.map((n) => `<td class="num">${n}</td>`).join('')}<td class="num total">${view.openIncidents.length}</td></tr></tfoot></table></div></section>`;
};
