import type { Directory } from '../directory/directory.ts';
import type { Incident } from '../incident/incident.types.ts';
import type { Locale } from '../shared/platform.types.ts';
import type { MessageAction, MessageFact, OutboundMessage } from './outbound.types.ts';
import { formatLocalTime, formatLocalClock } from './format-time.ts';
import { t, type TextKey } from './i18n.ts';
import type { DetailLevel } from '../audience/audience.types.ts';
import { lt } from '../incident/lead-texts.i18n.ts';
import { at } from '../action/action.i18n.ts';

export interface IncidentView {
  locale: Locale;
  /** Show the confidential details (the audience is allowed to see them). */
  showSensitive: boolean;
  /**
   * How much the room may see (see `contentFor`): `minimal` keeps reference, area, category, severity and buttons;
   * `reference` leaves out the description and confidential details. Default `full`.
   */
  detail?: DetailLevel;
  /** The agency this copy is addressed to: its buttons answer for it. */
  forAgencyId?: string;
  /** Offer close / reopen. */
  canClose?: boolean;
  /**
   * Offer "Propose action" (the reader may propose: see `mayPropose`). The lead agency's own copies offer it without
   * this, as they offer the situation report.
   */
  canPropose?: boolean;
  title?: string;
  tone?: OutboundMessage['tone'];
  text?: string;
  audience?: OutboundMessage['audience'];
}

export function agencyName(directory: Directory, agencyId: string, locale: Locale): string {
  return directory.agency(agencyId)?.name[locale] ?? agencyId;
}

function stateLine(directory: Directory, incident: Incident, locale: Locale): string {
  const tz = directory.settings.timeZone;
  return incident.agencies.map((part) => {
    const name = agencyName(directory, part.agencyId, locale);
    const state = t(`state.${part.state}` as TextKey, locale);
    const when = part.state === 'declined' ? part.declinedAt : part.state === 'responding' ? part.respondingAt : part.acknowledgedAt;
    return `${name}: ${state}${when ? ` ${formatLocalClock(when, tz)}` : ''}`;
  }).join('\n');
}

/** The incident as a message: facts, per-agency state, and the buttons this audience may press. */
export function renderIncident(directory: Directory, incident: Incident, view: IncidentView): OutboundMessage {
  if (view.detail === 'minimal') return renderMinimal(directory, incident, view);
  if (view.detail === 'reference') return renderFull(directory, incident, { ...view, showSensitive: false }, t('text.by_reference', view.locale, { ref: incident.ref }));
  return renderFull(directory, incident, view);
}

/**
 * The copy for a shared room: reference (in the title), area, category, severity and the buttons. No description,
 * reporter, agencies or confidential details, and no caller-supplied title or text (they may name an agency).
 */
function renderMinimal(directory: Directory, incident: Incident, view: IncidentView): OutboundMessage {
  const { locale } = view;
  const area = directory.area(incident.areaId)?.name[locale] ?? incident.areaId;
  const category = directory.category(incident.categoryId)?.name[locale] ?? incident.categoryId;
  const severity = directory.severity(incident.severity);
  const title = t('title.new', locale, { ref: incident.ref, area });
  const text = t('text.by_reference', locale, { ref: incident.ref });
  return {
    locale,
    tone: view.tone ?? (incident.severity <= 1 ? 'warning' : 'info'),
    title,
    text,
    facts: [
      { label: t('fact.area', locale), value: area },
      { label: t('fact.category', locale), value: category },
      { label: t('fact.severity', locale), value: `${incident.severity}${severity ? ` ${severity.name[locale]}` : ''}` },
      ...sitrepFacts(directory, incident, locale, false),
    ],
    actions: incidentActions(incident, view),
    fallback: title,
    incidentRef: incident.ref,
    audience: view.audience ?? 'notification',
  };
}

function renderFull(directory: Directory, incident: Incident, view: IncidentView, replacesDescription?: string): OutboundMessage {
  const { locale } = view;
  const area = directory.area(incident.areaId)?.name[locale] ?? incident.areaId;
  const category = directory.category(incident.categoryId)?.name[locale] ?? incident.categoryId;
  const severity = directory.severity(incident.severity);
  const reporter = directory.person(incident.reporterId)?.name ?? t('reporter.unknown', locale);
  const facts: MessageFact[] = [
    { label: t('fact.area', locale), value: area },
    { label: t('fact.category', locale), value: category },
    { label: t('fact.severity', locale), value: `${incident.severity}${severity ? ` ${severity.name[locale]}` : ''}` },
    { label: t('fact.status', locale), value: t(`status.${incident.status}`, locale) },
    { label: t('fact.reported', locale), value: formatLocalTime(incident.createdAt, directory.settings.timeZone) },
    { label: t('fact.reporter', locale), value: reporter },
    { label: t('fact.agencies', locale), value: stateLine(directory, incident, locale) },
  ];
  if (view.showSensitive && incident.sensitiveDetails) {
    facts.push({ label: t('fact.sensitive', locale), value: incident.sensitiveDetails });
  }
  facts.push(...leadFacts(directory, incident, locale), ...sitrepFacts(directory, incident, locale, !replacesDescription && !incident.erasedAt));
  const title = view.title ?? t('title.new', locale, { ref: incident.ref, area });
  // Erased under the retention rules: the skeleton is shown, and says where the text went.
  const description = replacesDescription ?? (incident.erasedAt ? t('text.erased', locale) : incident.description);
  return {
    locale,
    tone: view.tone ?? (incident.severity <= 1 ? 'warning' : 'info'),
    title,
    text: view.text ? `${view.text}\n\n${description}` : description,
    facts,
    actions: incidentActions(incident, view),
    fallback: `${title}: ${description}`.slice(0, 300),
    incidentRef: incident.ref,
    audience: view.audience ?? 'notification',
  };
}

/**
 * The lead agency, on every copy that may name agencies (not a shared room's minimum: which agencies take part is
 * not for other organisations to read there).
 */
function leadFacts(directory: Directory, incident: Incident, locale: Locale): MessageFact[] {
  if (!incident.leadAgencyId) return [];
  return [{ label: lt('fact.lead', locale), value: agencyName(directory, incident.leadAgencyId, locale) }];
}

/**
 * The latest situation report: its three parts where the audience may read free text, else only that it was updated
 * and when (shared rooms, by-reference agencies, erased incidents).
 */
function sitrepFacts(directory: Directory, incident: Incident, locale: Locale, withText: boolean): MessageFact[] {
  const report = incident.latestReport;
  if (!report) return [];
  const time = formatLocalClock(report.createdAt, directory.settings.timeZone);
  if (!withText) return [{ label: lt('fact.sitrep.short', locale), value: lt('sitrep.updated', locale, { time }) }];
  const parts = (['situation', 'actions', 'needs'] as const)
    .filter((part) => report[part])
    .map((part) => `${lt(`fact.sitrep.${part}`, locale)}: ${report[part]}`);
  return [{ label: lt('fact.sitrep', locale, { time, agency: agencyName(directory, report.agencyId, locale) }), value: parts.join('\n') }];
}

/**
 * "Take the lead" on the copies of an agency that acknowledged or is responding, while no agency leads; the situation
 * report form on the lead agency's own copies.
 */
function leadActions(incident: Incident, view: IncidentView): MessageAction[] {
  const { locale } = view;
  const part = view.forAgencyId ? incident.agencies.find((a) => a.agencyId === view.forAgencyId) : undefined;
  if (incident.status !== 'open' || !part || incident.erasedAt) return [];
  // Offered once the agency has answered that it is on it: the lead goes to an agency that works on the incident.
  if (!incident.leadAgencyId && (part.state === 'acknowledged' || part.state === 'responding')) {
    return [{ payload: { action: 'lead', incidentRef: incident.ref, agencyId: part.agencyId }, label: lt('button.take_lead', locale) }];
  }
  if (incident.leadAgencyId === part.agencyId) {
    return [{
      payload: { action: 'sitrep', incidentRef: incident.ref, agencyId: part.agencyId },
      label: lt('button.sitrep', locale),
      needsReason: { label: lt('sitrep.form.label', locale), placeholder: lt('sitrep.form.placeholder', locale) },
    }];
  }
  return [];
}

/** "Propose action" and its form field, on an open incident, for those who may propose (issue 13). */
function proposeActions(incident: Incident, view: IncidentView): MessageAction[] {
  if (incident.status !== 'open' || incident.erasedAt) return [];
  const leadCopy = !!incident.leadAgencyId && view.forAgencyId === incident.leadAgencyId;
  if (!view.canPropose && !leadCopy) return [];
  const { locale } = view;
  // The field names the incident's agencies (ids, as typed) where the copy may name agencies: not a shared room's.
  const agencies = incident.agencies.map((a) => a.agencyId).join(', ');
  const label = view.detail === 'minimal' || !agencies ? at('form.label', locale) : at('form.label.agencies', locale, { agencies });
  return [{
    payload: { action: 'action.propose', incidentRef: incident.ref },
    label: at('button.propose', locale),
    needsReason: { label, placeholder: at('form.placeholder', locale) },
  }];
}

function incidentActions(incident: Incident, view: IncidentView): MessageAction[] {
  const { locale } = view;
  const actions: MessageAction[] = [];
  const part = view.forAgencyId ? incident.agencies.find((a) => a.agencyId === view.forAgencyId) : undefined;
  if (incident.status === 'open' && part) {
    const ref = incident.ref;
    const agencyId = part.agencyId;
    if (part.state === 'notified') {
      actions.push({ payload: { action: 'ack', incidentRef: ref, agencyId }, label: t('button.ack', locale), style: 'primary' });
    }
    if (part.state === 'notified' || part.state === 'acknowledged') {
      actions.push({ payload: { action: 'responding', incidentRef: ref, agencyId }, label: t('button.responding', locale) });
      actions.push({
        payload: { action: 'decline', incidentRef: ref, agencyId },
        label: t('button.decline', locale),
        style: 'danger',
        needsReason: { label: t('decline.reason.label', locale), placeholder: t('decline.reason.placeholder', locale) },
      });
    }
  }
  actions.push(...leadActions(incident, view), ...proposeActions(incident, view));
  if (view.canClose) {
    const action = incident.status === 'open' ? 'close' : 'reopen';
    actions.push({ payload: { action, incidentRef: incident.ref }, label: t(`button.${action}`, locale) });
  }
  return actions;
}

/** A short reply: a title and one line, no buttons. */
export function plainMessage(locale: Locale, tone: OutboundMessage['tone'], title: string, text?: string, incidentRef?: string): OutboundMessage {
  return { locale, tone, title, text, facts: [], actions: [], fallback: text ? `${title}: ${text}` : title, incidentRef, audience: 'reply' };
}
