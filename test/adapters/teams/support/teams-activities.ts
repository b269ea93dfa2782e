import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertValidAdaptiveCard } from './adaptive-card-check.ts';

const ACTIVITIES = fileURLToPath(new URL('../../../fixtures/teams/activities/', import.meta.url));

export const TEAMS_CONFIG = fileURLToPath(new URL('../../../fixtures/teams/teams-config.yaml', import.meta.url));

/** Tenants of Microsoft's samples (see test/fixtures/teams/teams-config.yaml). */
export const TENANT_A = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TENANT_B = '56653e9d-2158-46ee-90d7-675c39642038';
export const TENANT_C = 'b28fdbfd-2b78-4f93-b0f8-8881793f0f8f';
export const TENANT_OTHER = '50612dbb-0237-4969-b378-8d42590f9c00';

export const POLICE_CHANNEL = '19:097e6717fd7245bdbeba6baa13840db8@thread.skype';
export const SOCIAL_CHANNEL = '19:0b7f32667e064dd9b25d7969801541f4@thread.tacv2';
export const TIEN_CHAT = 'a:1VF4K2uXl-hg-wn2SSWJZYK7Cqox93Xp82wekVXkbOSaJo1L8hynrdocgKu3ydRKxx6P5_u9d8yFcLjugHuhCQ7xmn25K18NfzjiKSskzi5OX0bbe2nRrNJorygvjUL4v';
export const RIDO_CHAT = 'a:17vxw6pGQOb3Zfh8acXT8m_PqHycYpaFgzu2mFMUfkT-h0UskMctq5ZPPc7FIQxn2bx7rBSm5yE_HeUXsCcKZBrv77RgorB3_1_pAdvMhi39ClxQgawzyQ9GBFkdiwOxT';
export const RIDO_AAD = 'c5e99701-2a32-49c1-a660-4629ceeb8c61';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Activity = Record<string, any>;

/** A fresh copy of one of Microsoft's sample activities, pointed at the fake Bot Connector. */
export function sample(name: string, serviceUrl: string): Activity {
  const activity = JSON.parse(readFileSync(`${ACTIVITIES}${name}.json`, 'utf8')) as Activity;
  activity.serviceUrl = serviceUrl;
  return activity;
}

/** The msteams-docs "bot added to a personal chat" example, its placeholders filled in for a person. */
export function botAddedPersonal(serviceUrl: string, who: { tenant: string; aad: string; conversation: string; botId: string }): Activity {
  const activity = sample('conversationUpdate.bot-added-personal.msteams-docs', serviceUrl);
  activity.membersAdded = [{ id: who.botId }, { id: `29:${who.aad}`, aadObjectId: who.aad }];
  activity.from = { id: `29:${who.aad}`, aadObjectId: who.aad };
  activity.conversation = { conversationType: 'personal', id: who.conversation, tenantId: who.tenant };
  activity.recipient = { id: who.botId, name: 'Samband' };
  activity.channelData = { tenant: { id: who.tenant } };
  return activity;
}

/** The teams.net Action.Execute invoke, carrying `data` from the card with message id `replyToId`. */
export function executeInvoke(serviceUrl: string, data: unknown, replyToId: string, id = `f:${Math.random().toString(16).slice(2)}`): Activity {
  const activity = sample('invoke.adaptiveCard-action.teams-net', serviceUrl);
  activity.id = id;
  activity.replyToId = replyToId;
  activity.value.action = { type: 'Action.Execute', title: 'Samband', verb: 'samband.action', data };
  return activity;
}

export interface Posted {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/**
 * POSTs an activity to the app's /api/messages as the Bot Connector would. A card in an invoke answer (the card Teams
 * puts in place of the pressed one) is checked with Microsoft's Adaptive Cards library: an invalid one fails the test.
 */
export async function postActivity(appUrl: string, activity: Activity, headers: Record<string, string> = {}): Promise<Posted> {
  const response = await fetch(`${appUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Microsoft-SkypeBotApi (Microsoft-BotFramework/3.0)', ...headers },
    body: JSON.stringify(activity),
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : undefined;
  if (body?.type === 'application/vnd.microsoft.card.adaptive') assertValidAdaptiveCard(body.value, `invoke answer to ${String(activity.type)}`);
  return { status: response.status, body };
}
