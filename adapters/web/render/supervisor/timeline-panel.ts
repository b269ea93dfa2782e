import type { TimelineEntry } from '../../../../src/core/supervision/supervision.types.ts';
import { formatTimelineTime } from '../../../../src/core/supervision/supervision-stats.ts';
import { esc } from '../html.ts';
import { csrfField, personaFields } from '../render-message.ts';
import type { Incident } from '../../../../src/core/incident/incident.types.ts';
import { hasWebText, wt } from '../../web-texts.ts';
import { agencyLabel, areaName, type PanelContext, type SupervisorPanel } from './panel.types.ts';

const MAX_CHANNELS = 4;

/** One incident's history from the audit trail, with a picker for the other open incidents. */
export const timelinePanel: SupervisorPanel = (p) => {
  const { view, ctx } = p;
  const l = ctx.locale;
  const timeline = view.timeline;
  if (!timeline) {
    return `<section class="panel panel-wide" aria-labelledby="timeline-title"><h2 id="timeline-title">${esc(wt('sup.timeline', l, { ref: '' }))}</h2><p>${esc(wt('sup.timeline.none', l))}</p></section>`;
  }
  const items = timeline.entries.map((entry) => `<li data-action="${esc(entry.action)}" data-seq="${esc(entry.seq)}">`
    + `<time datetime="${entry.at.toISOString()}">${esc(formatTimelineTime(entry.at, ctx.timeZone).slice(11))}</time> <span>${esc(describe(p, entry))}</span></li>`).join('');
  return `<section class="panel panel-wide" aria-labelledby="timeline-title"><h2 id="timeline-title">${esc(wt('sup.timeline', l, { ref: timeline.incident.ref }))}</h2>`
    + `${picker(p, timeline.incident.ref)}<p class="sub">${esc(areaName(p, timeline.incident.areaId))} · ${esc(timeline.incident.description)}</p>`
    + leadForm(p, timeline.incident)
    + `<ol id="timeline" class="timeline">${items}</ol></section>`;
};

/**
 * The incident's lead agency, and a field to set or change it among the incident's agencies: a plain form posting the
 * `lead` command (the core decides who may), so it works without script.
 */
function leadForm(p: PanelContext, incident: Incident): string {
  const { ctx } = p;
  if (incident.status !== 'open' || incident.erasedAt) return '';
  const options = incident.agencies.map(({ agencyId }) => `<option value="${esc(`lead ${incident.ref} ${agencyId}`)}"${agencyId === incident.leadAgencyId ? ' selected' : ''}>${esc(agencyLabel(p, agencyId))}</option>`).join('');
  const none = incident.leadAgencyId ? '' : `<option value="" selected disabled>${esc(wt('sup.lead.none', ctx.locale))}</option>`;
  return `<form method="post" action="/command" class="inline lead-form">${personaFields(ctx)}${csrfField(ctx)}`
    + `<label for="lead-agency">${esc(wt('sup.lead', ctx.locale))}</label><select id="lead-agency" name="text" required>${none}${options}</select>`
    + `<button type="submit" class="btn btn-small">${esc(wt('sup.lead.set', ctx.locale))}</button></form>`;
}

function picker(p: PanelContext, selected: string): string {
  const { view, ctx } = p;
  const refs = new Set([selected, ...view.openIncidents.map((i) => i.ref)]);
  if (refs.size < 2) return '';
  const options = [...refs].map((ref) => `<option value="${esc(ref)}"${ref === selected ? ' selected' : ''}>${esc(ref)}</option>`).join('');
  return `<form method="get" action="/supervisor" class="inline picker">${personaFields(ctx)}`
    + `<label for="timeline-incident">${esc(wt('sup.incident', ctx.locale))}</label><select id="timeline-incident" name="incident">${options}</select>`
    + `<button type="submit" class="btn btn-small">${esc(wt('sup.timeline.pick', ctx.locale))}</button></form>`;
}

function describe(p: PanelContext, entry: TimelineEntry): string {
  const l = p.ctx.locale;
  const actor = p.directory.person(entry.actorId)?.name ?? wt('tl.system', l);
  const key = `tl.${entry.action}`;
  const params = {
    actor,
    action: entry.action,
    platform: entry.platform,
    agency: entry.agencyId ? agencyLabel(p, entry.agencyId) : '',
    // A read of confidential details names its basis, or the reader's own ground (reporter, supervisor) without one.
    detail: entry.detail ?? entry.ground ?? '',
    level: entry.level !== undefined ? wt(entry.level >= 2 ? 'sup.level.2' : 'sup.level.1', l) : '',
    count: entry.count ?? 0,
    kind: entry.notificationKind ? kindName(entry.notificationKind, l) : '',
    channels: channelList(entry.channels ?? [], l),
  };
  return hasWebText(key) ? wt(key, l, params) : wt('tl.other', l, params);
}

/** At most a few channel names; a fan-out to twenty addresses reads as "a, b, c, d and 16 more". */
function channelList(channels: string[], locale: PanelContext['ctx']['locale']): string {
  const shown = channels.slice(0, MAX_CHANNELS).join(', ');
  return channels.length > MAX_CHANNELS ? wt('tl.more', locale, { names: shown, count: channels.length - MAX_CHANNELS }) : shown;
}

function kindName(kind: string, locale: PanelContext['ctx']['locale']): string {
  const key = `kind.${kind}`;
  return hasWebText(key) ? wt(key, locale) : kind;
}
