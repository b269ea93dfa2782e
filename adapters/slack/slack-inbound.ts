import type { InboundEvent } from '../../src/core/kernel/inbound-event.ts';
import type { SlackSender, ResolvedSender } from './slack-people.ts';
import type { BlockActionsPayload, MessageEventPayload, ShortcutPayload, SlashCommandPayload, ViewMetadata, ViewSubmissionPayload } from './slack-payloads.ts';
import { formValues } from './slack-payloads.ts';

/** Where the answer to a request goes, so that only the person who asked sees it. */
export type ReplyTarget =
  | { kind: 'response_url'; url: string; user: string }
  | { kind: 'ephemeral'; channel: string; user: string; threadTs?: string }
  | { kind: 'channel'; channel: string; threadTs?: string }
  | { kind: 'dm'; user: string };

/** A Slack request, translated: who, what (for the core), and where the answer and any modal go. */
export interface SlackRequest {
  sender: SlackSender;
  /** Stable across Slack's retries of the same request. */
  requestKey: string;
  input: InboundEvent['input'];
  reply: ReplyTarget;
  /** For opening a modal in answer (valid for 3 seconds). */
  triggerId?: string;
  /** What a modal opened from this request must remember to answer in the same place. */
  origin: ViewMetadata;
}

/** The InboundEvent the core gets for a request, once the sender's workspace and locale are known. */
export function toInboundEvent(request: SlackRequest, resolved: ResolvedSender): InboundEvent {
  return {
    platform: 'slack',
    workspace: resolved.workspace,
    userId: request.sender.userId,
    locale: resolved.locale,
    requestId: request.requestKey,
    requestKey: request.requestKey,
    input: request.input,
  };
}

/** `/incident ack 42` reaches the core as that very text; other command names work the same way. */
export function fromSlashCommand(cmd: SlashCommandPayload, botToken?: string): SlackRequest {
  const teams = [cmd.team_id, cmd.enterprise_id].filter((t): t is string => !!t);
  return {
    sender: { userId: cmd.user_id, teams, botToken },
    requestKey: cmd.trigger_id,
    // Slack sends &, < and > in command text as entities: the core gets the text as typed.
    input: { type: 'text', text: `${cmd.command} ${decodeEntities(cmd.text)}`.trim() },
    reply: cmd.response_url
      ? { kind: 'response_url', url: cmd.response_url, user: cmd.user_id }
      : cmd.channel_id ? { kind: 'ephemeral', channel: cmd.channel_id, user: cmd.user_id } : { kind: 'dm', user: cmd.user_id },
    triggerId: cmd.trigger_id,
    origin: { r: cmd.response_url, c: cmd.channel_id },
  };
}

function senderTeams(user: { team_id?: string }, team?: { id: string } | null, enterprise?: { id?: string } | null): string[] {
  return [user.team_id, team?.id, enterprise?.id].filter((t): t is string => !!t);
}

/** A Samband button, pressed: its payload goes to the core as it was rendered. */
export function fromButton(body: BlockActionsPayload, value: unknown, botToken?: string, reason?: string): SlackRequest {
  const channel = body.channel?.id ?? body.container?.channel_id;
  return {
    sender: { userId: body.user.id, teams: senderTeams(body.user, body.team, body.enterprise), botToken },
    requestKey: body.trigger_id,
    input: { type: 'action', value, reason },
    reply: replyFor(body.response_url, channel, body.user.id),
    triggerId: body.trigger_id,
    origin: { r: body.response_url, c: channel },
  };
}

/** A submitted modal: the incident form's fields, or a reason together with the button that asked for it. */
export function fromViewSubmission(body: ViewSubmissionPayload, metadata: ViewMetadata, kind: 'form' | 'reason', botToken?: string): SlackRequest {
  const values = formValues(body.view.state.values);
  const input: InboundEvent['input'] = kind === 'form'
    ? { type: 'form', values: { area: values.area, category: values.category, severity: values.severity, description: values.description ?? '', sensitiveDetails: values.sensitiveDetails ?? null } }
    : { type: 'action', value: metadata.p, reason: values.reason ?? '' };
  return {
    sender: { userId: body.user.id, teams: senderTeams(body.user, body.team, body.enterprise), botToken },
    requestKey: body.trigger_id ?? `view:${body.view.id}`,
    input,
    reply: replyFor(metadata.r, metadata.c, body.user.id),
    origin: {},
  };
}

/** The global shortcut "Report an incident": the same as `/incident` with no text. */
export function fromShortcut(body: ShortcutPayload, botToken?: string): SlackRequest {
  return {
    sender: { userId: body.user.id, teams: senderTeams(body.user, body.team), botToken },
    requestKey: body.trigger_id,
    input: { type: 'text', text: 'incident' },
    reply: { kind: 'dm', user: body.user.id },
    triggerId: body.trigger_id,
    origin: {},
  };
}

/** `@Samband status 42` in a channel (answered ephemerally in the thread) or a direct message to the app. */
export function fromMessageEvent(body: MessageEventPayload, botUserId?: string, botToken?: string): SlackRequest {
  const { event } = body;
  const teams = [event.user_team, event.team, body.team_id, body.enterprise_id].filter((t): t is string => !!t);
  const direct = event.channel_type === 'im';
  return {
    sender: { userId: event.user, teams, botToken },
    requestKey: body.event_id ?? `event:${event.channel}:${event.ts}`,
    input: { type: 'text', text: commandText(event.text, botUserId) },
    reply: direct ? { kind: 'channel', channel: event.channel, threadTs: event.thread_ts } : { kind: 'ephemeral', channel: event.channel, user: event.user, threadTs: event.thread_ts },
    origin: { c: event.channel },
  };
}

/** Message text as typed: the app's mention removed and Slack's &amp; &lt; &gt; entities decoded. */
export function commandText(text: string, botUserId?: string): string {
  const mention = botUserId ? new RegExp(`<@${botUserId}(\\|[^>]*)?>`, 'g') : /^\s*<@[UW][A-Z0-9]+(\|[^>]*)?>/;
  return decodeEntities(text.replace(mention, ' ')).replace(/\s+/g, ' ').trim();
}

/** Slack's three entities (`&lt;`, `&gt;`, `&amp;`) back to the characters typed; `&amp;` last, so `&amp;lt;` stays `&lt;`. */
export function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function replyFor(responseUrl: string | undefined, channel: string | undefined, user: string): ReplyTarget {
  if (responseUrl) return { kind: 'response_url', url: responseUrl, user };
  if (channel) return { kind: 'ephemeral', channel, user };
  return { kind: 'dm', user };
}
