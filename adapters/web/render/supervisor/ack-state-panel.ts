import { t, type TextKey } from '../../../../src/core/messages/i18n.ts';
import { formatLocalClock } from '../../../../src/core/messages/format-time.ts';
import { formatDuration } from '../../../../src/core/supervision/supervision-stats.ts';
import { esc, query } from '../html.ts';
import { wt } from '../../web-texts.ts';
import { agencyLabel, areaName, personName, type SupervisorPanel } from './panel.types.ts';

const MAX_INCIDENTS = 30;

/** Every notified agency of every open incident: its state, time to acknowledge or time waited, and its deadline. */
export const ackStatePanel: SupervisorPanel = (p) => {
  const { view, ctx } = p;
  const l = ctx.locale;
  const head = `<h2 id="ack-title">${esc(wt('sup.ack', l))}</h2>`;
  if (view.ackRows.length === 0) return `<section class="panel" aria-labelledby="ack-title">${head}<p>${esc(wt('sup.open.none', l))}</p></section>`;
  const rows = view.ackRows.slice(0, MAX_INCIDENTS).flatMap(({ incident, agencies }) => agencies.map((a, i) => {
    const href = `/supervisor${query({ as: ctx.personaId, lang: ctx.lang, incident: incident.ref })}#timeline-title`;
    const ref = i === 0
      ? `<a href="${esc(href)}">${esc(incident.ref)}</a> <span class="sub">${esc(areaName(p, incident.areaId))} (${incident.severity})</span>`
      : `<span class="repeat">${esc(incident.ref)}</span>`;
    const time = a.timeToAckMs !== null
      ? `${esc(formatDuration(a.timeToAckMs))}${a.acknowledgedBy ? ` <span class="sub">${esc(wt('sup.by', l, { person: personName(p, a.acknowledgedBy) }))}</span>` : ''}`
      : `${esc(wt('sup.waiting', l, { duration: formatDuration(a.waitingMs ?? 0) }))}${a.overdue ? ` <strong class="overdue">${esc(wt('sup.overdue', l))}</strong>` : ''}`;
    return `<tr class="state-${a.state}${i === 0 ? ' first' : ''}" data-incident="${esc(incident.ref)}" data-agency="${esc(a.agencyId)}" data-state="${a.state}">`
      + `<th scope="row">${ref}</th><td>${esc(agencyLabel(p, a.agencyId))}</td><td class="state">${esc(t(`state.${a.state}` as TextKey, l))}</td>`
      + `<td class="tta">${time}</td><td class="deadline">${esc(formatLocalClock(a.deadlineAt, ctx.timeZone))}</td></tr>`;
  })).join('');
  return `<section class="panel panel-wide" aria-labelledby="ack-title">${head}<div class="scroll" tabindex="0" role="region" aria-labelledby="ack-title"><table id="ack-table"><thead><tr>`
    + ['sup.incident', 'sup.agency', 'sup.state', 'sup.tta', 'sup.deadline'].map((k) => `<th scope="col">${esc(wt(k as 'sup.incident', l))}</th>`).join('')
    + `</tr></thead><tbody>${rows}</tbody></table></div></section>`;
};
