import { formatLocalClock } from '../../../../src/core/messages/format-time.ts';
import { esc } from '../html.ts';
import { wt } from '../../web-texts.ts';
import { agencyLabel, areaName, type SupervisorPanel } from './panel.types.ts';

/** Agencies that have not answered in time and whose escalation has started. */
export const escalationsPanel: SupervisorPanel = (p) => {
  const { view, ctx } = p;
  const l = ctx.locale;
  const items = view.escalations.map((e) => {
    const level = e.level >= 2 ? wt('sup.level.2', l) : wt('sup.level.1', l);
    const next = e.nextEscalationAt ? ` · ${wt('sup.next', l, { time: formatLocalClock(e.nextEscalationAt, ctx.timeZone) })}` : '';
    return `<li class="esc-level-${Math.min(2, e.level)}" data-incident="${esc(e.incident.ref)}" data-agency="${esc(e.agencyId)}">`
      + `<strong>${esc(e.incident.ref)}</strong> ${esc(areaName(p, e.incident.areaId))}: ${esc(agencyLabel(p, e.agencyId))} – ${esc(level)}`
      + ` <span class="sub">(${esc(wt('sup.deadline', l))} ${esc(formatLocalClock(e.deadlineAt, ctx.timeZone))}${esc(next)})</span></li>`;
  }).join('');
  const body = items ? `<ul class="escalations">${items}</ul>` : `<p>${esc(wt('sup.escalations.none', l))}</p>`;
  return `<section class="panel" aria-labelledby="esc-title"><h2 id="esc-title">${esc(wt('sup.escalations', l))}</h2>${body}</section>`;
};
