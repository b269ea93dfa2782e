import { barChartSvg } from '../bar-chart-svg.ts';
import { formatDuration } from '../../../../src/core/supervision/supervision-stats.ts';
import { esc } from '../html.ts';
import { wt } from '../../web-texts.ts';
import { agencyLabel, areaName, type PanelContext, type SupervisorPanel } from './panel.types.ts';

const MAX_BARS = 24;
const short = (text: string) => (text.length > 28 ? `${text.slice(0, 27)}…` : text);
/** `2026-11-26` -> `26/11`. */
const dayLabel = (day: string) => `${Number(day.slice(8, 10))}/${Number(day.slice(5, 7))}`;

/** Two charts a supervisor would rather look at than read, each with its numbers as a table beside it. */
export const chartsPanel: SupervisorPanel = (p) => {
  const l = p.ctx.locale;
  return `<section class="panel panel-wide" aria-labelledby="charts-title"><h2 id="charts-title">${esc(wt('sup.charts', l, { days: p.view.windowDays }))}</h2>`
    + `<div class="charts">${areaDayChart(p)}${ackTimeChart(p)}</div></section>`;
};

function areaDayChart(p: PanelContext): string {
  const l = p.ctx.locale;
  const rows = p.view.perAreaPerDay.slice(0, MAX_BARS);
  const title = wt('sup.chart.area_day', l);
  const svg = barChartSvg(rows.map((r) => ({ label: short(`${dayLabel(r.day)} ${areaName(p, r.areaId)}`), value: r.count })), { title });
  const table = rows.map((r) => `<tr><td>${esc(r.day)}</td><td>${esc(areaName(p, r.areaId))}</td><td class="num">${r.count}</td></tr>`).join('');
  return `<figure class="chart" id="chart-area-day">${svg}<details><summary>${esc(wt('sup.chart.data', l))}</summary><table><caption class="sr-only">${esc(title)}</caption>`
    + `<thead><tr><th scope="col">${esc(wt('sup.day', l))}</th><th scope="col">${esc(wt('sup.area', l))}</th><th scope="col" class="num">${esc(wt('sup.count', l))}</th></tr></thead><tbody>${table}</tbody></table></details></figure>`;
}

function ackTimeChart(p: PanelContext): string {
  const l = p.ctx.locale;
  // Slowest first: the agencies a supervisor would ask about.
  const rows = p.view.answers.filter((r): r is typeof r & { medianMs: number } => r.medianMs !== null)
    .sort((a, b) => b.medianMs - a.medianMs || a.agencyId.localeCompare(b.agencyId)).slice(0, MAX_BARS);
  const title = wt('sup.chart.tta', l);
  const svg = barChartSvg(rows.map((r) => ({ label: short(`${agencyLabel(p, r.agencyId)} (${r.answered})`), value: Math.round(r.medianMs / 6000) / 10 })), { title, unit: 'min' });
  const table = rows.map((r) => `<tr data-agency="${esc(r.agencyId)}"><td>${esc(agencyLabel(p, r.agencyId))}</td><td class="num">${esc(formatDuration(r.medianMs))}</td><td class="num">${r.answered}</td><td class="num">${r.misses}</td></tr>`).join('');
  return `<figure class="chart" id="chart-tta">${svg}<details><summary>${esc(wt('sup.chart.data', l))}</summary><table><caption class="sr-only">${esc(title)}</caption>`
    + `<thead><tr><th scope="col">${esc(wt('sup.agency', l))}</th><th scope="col" class="num">${esc(wt('sup.median', l))}</th><th scope="col" class="num">${esc(wt('sup.answers', l))}</th><th scope="col" class="num">${esc(wt('sup.misses', l))}</th></tr></thead><tbody>${table}</tbody></table></details></figure>`;
}
