import type { App, AllMiddlewareArgs } from '@slack/bolt';
import { ACTION_ID, ACTION_ID_PATTERN, decodeButtonValue } from './button-value.ts';
import { VIEW_ID } from './render-modals.ts';
import {
  blockActionsSchema, channelSharingEventSchema, messageEventSchema, readViewMetadata, shortcutSchema, slashCommandSchema, viewSubmissionSchema,
} from './slack-payloads.ts';
import { fromButton, fromMessageEvent, fromShortcut, fromSlashCommand, fromViewSubmission, type SlackRequest } from './slack-inbound.ts';
import type { SlackRequestRunner } from './slack-request-runner.ts';
import type { AfterAckQueue } from './after-ack-queue.ts';
import { installationId, type SlackAuth } from './slack-auth.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';
import type { SlackDoor } from './slack-door.ts';
import { slackText } from './slack-texts.ts';
import type { SlackRooms } from './slack-rooms.ts';

/** The global shortcut that opens the incident form. */
export const REPORT_SHORTCUT_ID = 'samband.report';

export interface ListenerDeps {
  runner: SlackRequestRunner;
  door: SlackDoor;
  queue: AfterAckQueue;
  auth: SlackAuth;
  logger: Logger;
  /** Keeps track of Slack Connect channels; absent, sharing events are ignored. */
  rooms?: SlackRooms;
}

type Context = AllMiddlewareArgs['context'];

type Ack = (answer?: string) => Promise<void>;

/**
 * Wires Slack's entry points to the runner. Every listener validates the payload with zod and stores a request that
 * can change anything in the durable inbox before it acks ("received" means stored; Bolt acks events itself, and the
 * receiver answers them once the listener has stored them). The work then runs from the after-ack queue, so Slack's
 * 3-second limit holds; a retried delivery finds its request key stored and runs nothing. Opening a modal changes
 * nothing, so it is not stored and skips the queue's line: a trigger_id lives only 3 seconds.
 */
export function registerSlackListeners(app: App, deps: ListenerDeps): void {
  const { runner, door, queue, logger } = deps;
  const invalid = (what: string, issues: unknown) => logger.log('warn', 'slack.payload_invalid', { what, issues: String(issues).slice(0, 300) });
  /** Work that changes nothing (modals): in memory only, deduplicated by key. */
  const enqueueNow = (key: string, work: () => Promise<void>) => {
    if (!queue.submit(key, work, true)) logger.log('info', 'slack.duplicate_dropped', { requestKey: key });
  };
  /** A request that may change state: stored, then acked, then run. */
  const admit = async (request: SlackRequest, ack: Ack | undefined, answerInAck: boolean) => {
    const acceptance = await door.accept(request);
    const spooledText = slackText('received.spooled', 'sv');
    await ack?.(acceptance === 'spooled' && answerInAck ? spooledText : undefined);
    if (acceptance === 'stored') queue.submit(undefined, () => door.run(request));
    else if (acceptance === 'duplicate') logger.log('info', 'slack.duplicate_dropped', { requestKey: request.requestKey });
    else if (!answerInAck) queue.submit(undefined, () => runner.spooled(request), true);
  };

  app.command(/.*/, async ({ ack, body, context }) => {
    const parsed = slashCommandSchema.safeParse(body);
    if (!parsed.success) {
      await ack();
      return invalid('command', parsed.error.message);
    }
    const request = fromSlashCommand(parsed.data, token(context));
    if (parsed.data.text.trim() === '') {
      // An empty `/incident` opens the form: its trigger_id must be used within 3 seconds.
      await ack();
      return enqueueNow(request.requestKey, () => runner.run(request));
    }
    await admit(request, (text) => (text ? ack({ response_type: 'ephemeral', text }) : ack()), true);
  });

  // Every action is acked here, ours or not (a link button, an old message's button), so Slack never waits.
  app.action(/.*/, async ({ ack, body, context }) => {
    const parsed = blockActionsSchema.safeParse(body);
    if (!parsed.success) {
      await ack();
      return invalid('block_actions', parsed.error.message);
    }
    const action = parsed.data.actions[0];
    if (!ACTION_ID_PATTERN.test(action.action_id)) return ack();
    const value = decodeButtonValue(action.value);
    const request = fromButton(parsed.data, value?.p ?? action.value, token(context));
    if (value && action.action_id.startsWith(ACTION_ID.reason)) {
      await ack();
      return enqueueNow(request.requestKey, () => runner.askReason(request, value, action.text?.text ?? ''));
    }
    await admit(request, () => ack(), false);
  });

  // Submissions close the modal with an empty ack; what the core says comes as a message afterwards.
  app.view({ type: 'view_submission', callback_id: /.*/ }, async ({ ack, body, context }) => {
    const parsed = viewSubmissionSchema.safeParse(body);
    if (!parsed.success) {
      await ack();
      return invalid('view_submission', parsed.error.message);
    }
    const kind = parsed.data.view.callback_id === VIEW_ID.incidentForm ? 'form' : parsed.data.view.callback_id === VIEW_ID.reason ? 'reason' : undefined;
    if (!kind) return ack();
    await admit(fromViewSubmission(parsed.data, readViewMetadata(parsed.data.view.private_metadata), kind, token(context)), () => ack(), false);
  });

  app.shortcut(/.*/, async ({ ack, body, context }) => {
    await ack();
    const parsed = shortcutSchema.safeParse(body);
    if (!parsed.success) return invalid('shortcut', parsed.error.message);
    if (parsed.data.callback_id !== REPORT_SHORTCUT_ID) return;
    const request = fromShortcut(parsed.data, token(context));
    enqueueNow(request.requestKey, () => runner.run(request));
  });

  // One listener for every event (Bolt has acked them already): each listener costs Bolt some work per request.
  app.event(/.*/, async ({ body, event, context }) => {
    switch (event.type) {
      case 'app_mention':
      case 'message': {
        const parsed = messageEventSchema.safeParse(body);
        if (!parsed.success) return event.type === 'app_mention' ? invalid('app_mention', parsed.error.message) : undefined;
        // Messages count only when written to the app directly; edits, joins and bots (our own replies) are not commands.
        const { channel_type: channelType, subtype, bot_id: botId } = parsed.data.event;
        if (event.type === 'message' && (channelType !== 'im' || subtype || botId)) return;
        // Bolt acked the event already; the receiver sends that answer once this listener has stored the request.
        await admit(fromMessageEvent(parsed.data, context.botUserId, token(context)), undefined, false);
        return;
      }
      case 'channel_shared':
      case 'channel_unshared': {
        const parsed = channelSharingEventSchema.safeParse(body);
        if (!parsed.success) return invalid(event.type, parsed.error.message);
        // Changes nothing a person asked for, so it is not stored in the inbox: a lost event is caught by the next
        // check at start, and the audit event is written when the room's audience really changes.
        await deps.rooms?.onEvent(parsed.data.team_id, parsed.data.event.channel, token(context), parsed.data.event.type);
        return;
      }
      case 'app_uninstalled':
        return forget(deps, body as UninstallBody, 'app_uninstalled');
      case 'tokens_revoked':
        if ((event.tokens.bot ?? []).length > 0) await forget(deps, body as UninstallBody, 'tokens_revoked');
        return;
      default:
        return;
    }
  });

  app.error(async (error) => {
    logger.log('error', 'slack.listener_failed', { error: error.message });
  });
}

function token(context: Context): string | undefined {
  return typeof context.botToken === 'string' ? context.botToken : undefined;
}

interface UninstallBody {
  team_id?: string;
  enterprise_id?: string;
  authorizations?: Array<{ is_enterprise_install?: boolean }>;
}

async function forget(deps: ListenerDeps, body: UninstallBody, reason: string): Promise<void> {
  const id = installationId(body.team_id, body.enterprise_id, body.authorizations?.[0]?.is_enterprise_install === true);
  if (id) await deps.auth.uninstall(id, reason);
}
