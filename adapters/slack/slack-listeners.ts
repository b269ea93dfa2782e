import type { App, AllMiddlewareArgs } from '@slack/bolt';
import { ACTION_ID, ACTION_ID_PATTERN, decodeButtonValue } from './button-value.ts';
import { VIEW_ID } from './render-modals.ts';
import {
  blockActionsSchema, messageEventSchema, readViewMetadata, shortcutSchema, slashCommandSchema, viewSubmissionSchema,
} from './slack-payloads.ts';
import { fromButton, fromMessageEvent, fromShortcut, fromSlashCommand, fromViewSubmission, type SlackRequest } from './slack-inbound.ts';
import type { SlackRequestRunner } from './slack-request-runner.ts';
import type { AfterAckQueue } from './after-ack-queue.ts';
import { installationId, type SlackAuth } from './slack-auth.ts';
import type { AdapterLogger } from './adapter-logger.ts';

/** The global shortcut that opens the incident form. */
export const REPORT_SHORTCUT_ID = 'samband.report';

export interface ListenerDeps {
  runner: SlackRequestRunner;
  queue: AfterAckQueue;
  auth: SlackAuth;
  logger: AdapterLogger;
}

type Context = AllMiddlewareArgs['context'];

/**
 * Wires Slack's entry points to the runner. Every listener acks first (Bolt acks events itself), validates the
 * payload with zod, and hands the work to the after-ack queue under the request's key, so Slack's 3-second limit
 * holds and retried deliveries run once. Modal opens skip the queue's line: a trigger_id lives only 3 seconds.
 */
export function registerSlackListeners(app: App, deps: ListenerDeps): void {
  const { runner, queue, logger } = deps;
  const invalid = (what: string, issues: unknown) => logger.log('warn', 'slack.payload_invalid', { what, issues: String(issues).slice(0, 300) });
  const enqueue = (request: SlackRequest, urgent = false) => {
    const accepted = queue.submit(request.requestKey, () => runner.run(request), urgent);
    if (!accepted) logger.log('info', 'slack.duplicate_dropped', { requestKey: request.requestKey });
  };

  app.command(/.*/, async ({ ack, body, context }) => {
    await ack();
    const parsed = slashCommandSchema.safeParse(body);
    if (!parsed.success) return invalid('command', parsed.error.message);
    // An empty `/incident` opens the form: its trigger_id must be used within 3 seconds.
    enqueue(fromSlashCommand(parsed.data, token(context)), parsed.data.text.trim() === '');
  });

  // Every action is acked here, ours or not (a link button, an old message's button), so Slack never waits.
  app.action(/.*/, async ({ ack, body, context }) => {
    await ack();
    const parsed = blockActionsSchema.safeParse(body);
    if (!parsed.success) return invalid('block_actions', parsed.error.message);
    const action = parsed.data.actions[0];
    if (!ACTION_ID_PATTERN.test(action.action_id)) return;
    const value = decodeButtonValue(action.value);
    const request = fromButton(parsed.data, value?.p ?? action.value, token(context));
    if (value && action.action_id.startsWith(ACTION_ID.reason)) {
      if (!queue.submit(request.requestKey, () => runner.askReason(request, value, action.text?.text ?? ''), true)) {
        logger.log('info', 'slack.duplicate_dropped', { requestKey: request.requestKey });
      }
      return;
    }
    enqueue(request);
  });

  // Submissions close the modal with an empty ack; what the core says comes as a message afterwards.
  app.view({ type: 'view_submission', callback_id: /.*/ }, async ({ ack, body, context }) => {
    await ack();
    const parsed = viewSubmissionSchema.safeParse(body);
    if (!parsed.success) return invalid('view_submission', parsed.error.message);
    const kind = parsed.data.view.callback_id === VIEW_ID.incidentForm ? 'form' : parsed.data.view.callback_id === VIEW_ID.reason ? 'reason' : undefined;
    if (!kind) return;
    enqueue(fromViewSubmission(parsed.data, readViewMetadata(parsed.data.view.private_metadata), kind, token(context)));
  });

  app.shortcut(/.*/, async ({ ack, body, context }) => {
    await ack();
    const parsed = shortcutSchema.safeParse(body);
    if (!parsed.success) return invalid('shortcut', parsed.error.message);
    if (parsed.data.callback_id !== REPORT_SHORTCUT_ID) return;
    enqueue(fromShortcut(parsed.data, token(context)), true);
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
        enqueue(fromMessageEvent(parsed.data, context.botUserId, token(context)));
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
