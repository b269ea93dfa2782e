import { z } from 'zod';

/**
 * The parts of a Bot Framework activity from Teams that Samband reads, checked at the edge. Everything else an
 * activity carries is allowed through untouched (Teams adds fields over time) and never read.
 */
const id = z.string().min(1).max(1024);

const account = z.looseObject({
  id,
  name: z.string().max(1024).optional(),
  aadObjectId: z.string().max(128).optional(),
  /** The account's home tenant, when Teams gives it (a member of another organisation in a shared channel). */
  tenantId: z.string().max(128).optional(),
});

const conversation = z.looseObject({
  id,
  conversationType: z.string().max(64).optional(),
  tenantId: z.string().max(128).optional(),
  isGroup: z.boolean().optional(),
});

const entity = z.looseObject({
  type: z.string().max(256),
  text: z.string().max(4096).optional(),
  locale: z.string().max(64).optional(),
  mentioned: z.looseObject({ id: z.string().max(1024) }).optional(),
});

const channelData = z.looseObject({
  tenant: z.looseObject({ id: z.string().max(128) }).optional(),
  /** `type`: standard, shared or private (a shared channel holds people of other teams, maybe other tenants). */
  channel: z.looseObject({ id: z.string().max(1024), type: z.string().max(64).optional() }).optional(),
  team: z.looseObject({ id: z.string().max(1024).optional() }).optional(),
  eventType: z.string().max(128).optional(),
  legacy: z.looseObject({ replyToId: z.string().max(1024).optional() }).optional(),
});

export const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(1024).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.url().max(2048),
  from: account,
  recipient: account,
  conversation,
  text: z.string().max(100_000).optional(),
  locale: z.string().max(64).optional(),
  name: z.string().max(256).optional(),
  action: z.string().max(64).optional(),
  value: z.unknown().optional(),
  replyToId: z.string().max(1024).optional(),
  entities: z.array(entity).max(100).optional(),
  channelData: channelData.optional(),
  membersAdded: z.array(account).max(5000).optional(),
  membersRemoved: z.array(account).max(5000).optional(),
});

export type TeamsActivity = z.infer<typeof activitySchema>;

/** The value of an `adaptiveCard/action` invoke (Universal Actions). */
export const executeValueSchema = z.looseObject({
  action: z.looseObject({
    type: z.literal('Action.Execute'),
    verb: z.string().max(256).optional(),
    data: z.unknown().optional(),
  }),
  trigger: z.string().max(64).optional(),
});

/** The tenant an activity comes from: channelData.tenant, else the conversation's. */
export function tenantOf(activity: TeamsActivity): string {
  return activity.channelData?.tenant?.id ?? activity.conversation.tenantId ?? '';
}

/**
 * The tenant the sender belongs to: their home tenant when Teams names it (people of another organisation in a shared
 * channel write in the host's conversation but are configured under their own tenant), else the conversation's.
 */
export function userTenantOf(activity: TeamsActivity): string {
  return activity.from.tenantId ?? tenantOf(activity);
}

/**
 * The sender as Samband knows people: the AAD object id in Teams. The Bot Framework Emulator (local use) has none,
 * so there the channel account id stands in (configure it as the person's `teams` identity with workspace "").
 */
export function userIdOf(activity: TeamsActivity): string {
  return activity.from.aadObjectId ?? (activity.channelId === 'emulator' ? activity.from.id : '');
}

/** The locale the client reports: the activity's, else the clientInfo entity's. */
export function localeOf(activity: TeamsActivity): string | undefined {
  return activity.locale ?? activity.entities?.find((e) => e.type === 'clientInfo' && e.locale)?.locale;
}

/** A channel conversation id without the thread part (`19:x@thread.tacv2;messageid=123` -> `19:x@thread.tacv2`). */
export function rootConversationId(conversationId: string): string {
  const cut = conversationId.indexOf(';messageid=');
  return cut === -1 ? conversationId : conversationId.slice(0, cut);
}

/** True when the activity mentions the bot (how channel and group chat messages reach it). */
export function mentionsBot(activity: TeamsActivity): boolean {
  return (activity.entities ?? []).some((e) => e.type === 'mention' && e.mentioned?.id === activity.recipient.id);
}

/**
 * The command text: the bot's own `<at>` mention removed (Teams puts it where the person typed it), HTML
 * non-breaking spaces and surrounding white space gone.
 */
export function commandText(activity: TeamsActivity): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    if (entity.type === 'mention' && entity.mentioned?.id === activity.recipient.id && entity.text) {
      text = text.split(entity.text).join(' ');
    }
  }
  return text.replace(/&nbsp;|\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
}
