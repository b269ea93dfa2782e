import type { Directory } from '../directory/directory.ts';
import type { ChatAddress, Locale } from '../shared/platform.types.ts';
import type { MessageAction, OutboundMessage } from '../messages/outbound.types.ts';
import { agencyName } from '../messages/incident-message.ts';
import { formatLocalTime } from '../messages/format-time.ts';
import { t } from '../messages/i18n.ts';
import { contentFor } from '../audience/content-for.ts';
import { formatActionRef, type ActionIncident, type AgencyAction } from './action.types.ts';
import { at } from './action.i18n.ts';

export interface ActionView {
  locale: Locale;
  /** The action's text, decline reason and note may be shown (need to know: not in shared or by-reference rooms). */
  showText: boolean;
  /** Offer the buttons that fit the state (Accept/Decline while proposed, Done once accepted). */
  buttons: boolean;
  tone?: OutboundMessage['tone'];
  title?: string;
  text?: string;
}

const personName = (directory: Directory, id: string | null) => (id ? directory.person(id)?.name ?? id : '-');

/** The state line: who answered and when. */
export function actionStateText(directory: Directory, action: AgencyAction, locale: Locale): string {
  const tz = directory.settings.timeZone;
  switch (action.state) {
    case 'proposed':
      return at('state.proposed', locale);
    case 'accepted':
      return at('state.accepted', locale, { person: personName(directory, action.answeredBy), time: formatLocalTime(action.answeredAt!, tz) });
    case 'declined':
      return at('state.declined', locale, { person: personName(directory, action.answeredBy), time: formatLocalTime(action.answeredAt!, tz) });
    case 'done':
      return at('state.done', locale, { person: personName(directory, action.doneBy), time: formatLocalTime(action.doneAt!, tz) });
  }
}

/** The buttons an action offers in its state. */
export function actionButtons(ref: string, action: AgencyAction, locale: Locale): MessageAction[] {
  if (action.state === 'proposed') {
    return [
      { payload: { action: 'action.accept', actionRef: ref }, label: at('button.accept', locale), style: 'primary' },
      {
        payload: { action: 'action.decline', actionRef: ref }, label: at('button.decline', locale), style: 'danger',
        needsReason: { label: at('reason.label', locale), placeholder: at('reason.placeholder', locale) },
      },
    ];
  }
  return action.state === 'accepted' ? [{ payload: { action: 'action.done', actionRef: ref }, label: at('button.done', locale), style: 'primary' }] : [];
}

/**
 * One copy of an action message. The action's free text (and the decline reason and done note) shows only where
 * `showText` allows; elsewhere the copy names the action, its agency and state and points to a personal query.
 */
export function renderAction(directory: Directory, incident: ActionIncident, action: AgencyAction, view: ActionView): OutboundMessage {
  const { locale } = view;
  const tz = directory.settings.timeZone;
  const ref = formatActionRef(incident.ref, action.seq);
  const agency = agencyName(directory, action.agencyId, locale);
  const erased = incident.erasedAt !== null;
  const facts = [];
  if (view.showText) facts.push({ label: at('fact.action', locale), value: erased ? t('text.erased', locale) : action.text });
  if (action.dueAt) facts.push({ label: at('fact.due', locale), value: formatLocalTime(action.dueAt, tz) });
  facts.push({ label: at('fact.state', locale), value: actionStateText(directory, action, locale) });
  if (view.showText && action.declineReason) facts.push({ label: at('fact.reason', locale), value: action.declineReason });
  if (view.showText && action.doneNote) facts.push({ label: at('fact.note', locale), value: action.doneNote });
  const hidden = view.showText ? undefined : at('proposal.hidden', locale, { incident: incident.ref });
  const text = [view.text, hidden].filter(Boolean).join('\n\n') || undefined;
  const title = view.title ?? at('proposal.title', locale, { ref, agency });
  return {
    locale, tone: view.tone ?? (action.state === 'declined' ? 'warning' : action.state === 'done' ? 'success' : 'info'),
    title, text, facts,
    actions: view.buttons && !erased && incident.status === 'open' ? actionButtons(ref, action, locale) : [],
    fallback: `${title}: ${actionStateText(directory, action, locale)}`,
    incidentRef: incident.ref,
    audience: 'notification',
  };
}

/** Whether a copy to `address` may show the action's text: `contentFor` decides, as for incident copies. */
export function mayShowText(directory: Directory, address: ChatAddress): boolean {
  return contentFor(directory, address, false).detail === 'full';
}
