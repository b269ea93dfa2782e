import type { SupervisorView } from '../../../../src/core/supervision/supervision.types.ts';
import { esc, query } from '../html.ts';
import { at } from '../../area-texts.ts';
import { wt } from '../../web-texts.ts';
import type { PanelContext, SupervisorPanel } from './panel.types.ts';
import { auditChainPanel } from './audit-chain-panel.ts';
import { openIncidentsPanel } from './open-incidents-panel.ts';
import { ackStatePanel } from './ack-state-panel.ts';
import { escalationsPanel } from './escalations-panel.ts';
import { chartsPanel } from './charts-panel.ts';
import { timelinePanel } from './timeline-panel.ts';

/** The panels, in page order. A later domain (shifts, handover) adds its panel here. */
export const supervisorPanels: SupervisorPanel[] = [
  openIncidentsPanel, escalationsPanel, auditChainPanel, ackStatePanel, chartsPanel, timelinePanel,
];

/** Every panel, for the first page and for live refreshes. */
export function renderPanels(panel: PanelContext, panels: SupervisorPanel[] = supervisorPanels): string {
  return panels.map((render) => render(panel)).join('');
}

/** The supervisor view's main content: heading, scope, panels. */
export function renderSupervisorMain(panel: PanelContext): string {
  const { view, ctx, directory } = panel;
  const l = ctx.locale;
  const scope = scopeText(view, panel);
  const own = query({ as: ctx.personaId, lang: ctx.lang });
  return `<h1>${esc(wt('sup.title', l))}</h1><p class="sub">${esc(wt('sup.scope', l, { areas: scope }))}</p>`
    + `<nav class="sub-nav" aria-label="${esc(at('nav.areas', l))}"><a id="area-picture-link" href="/supervisor/areas${esc(own)}">${esc(at('nav.areas', l))}</a>`
    + ` · <a id="weekly-pack-link" href="/supervisor/pack${esc(own)}">${esc(at('nav.pack', l))}</a></nav>`
    + `<div id="panels" class="panels" data-incident="${esc(view.timeline?.incident.ref ?? '')}">${renderPanels(panel)}</div>`;

  function scopeText(v: SupervisorView, p: PanelContext): string {
    if (v.person.role === 'admin') return wt('sup.scope.all', l);
    return v.person.areaIds.map((id) => directory.area(id)?.name[p.ctx.locale] ?? id).join(', ');
  }
}
