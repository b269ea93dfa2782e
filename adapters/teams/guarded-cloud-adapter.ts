import { CloudAdapter, type TurnContext } from 'botbuilder';
import type { Activity, InvokeResponse } from 'botbuilder';
import { activitySchema } from './activity-schema.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';

/** What to answer on HTTP: the invoke response of the turn, or Samband's own refusal. */
export interface InboundAnswer {
  status: number;
  body?: unknown;
}

/**
 * botbuilder's CloudAdapter with the three answers `process` gets wrong for bad input: a body that is not an activity
 * (`{}`) throws out of `process` (HTTP 500), and every authentication failure that is not a rejected token (the Bot
 * Framework's OpenID metadata or keys cannot be fetched) becomes a 500 carrying the upstream error text, with the
 * stack trace printed by the SDK on stderr. Here the activity is checked first (400), the request is authenticated
 * on its own (401 for a token the SDK rejects, 503 when the key metadata is unreachable, one JSON log line each), and
 * only then does the turn run, through the SDK's own pipeline. Errors of the turn itself are not caught here.
 */
export class GuardedCloudAdapter extends CloudAdapter {
  async handleActivity(body: Record<string, unknown>, authHeader: string, logic: (context: TurnContext) => Promise<void>, log: Logger): Promise<InboundAnswer> {
    const parsed = activitySchema.safeParse(body);
    if (!parsed.success) {
      log.log('warn', 'teams.activity_invalid', { issues: parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || i.code) });
      return { status: 400, body: { error: 'invalid activity' } };
    }
    const activity = withDates(body as unknown as Activity);
    let authenticated;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      // The SDK's AuthenticationError carries the status it means; a failed key download says 500, a network error none.
      if (typeof status === 'number' && status < 500) {
        log.log('warn', 'teams.unauthenticated', { reason: 'token rejected' });
        return { status: 401, body: { error: 'unauthorized' } };
      }
      log.log('error', 'teams.auth_unavailable', {
        reason: 'Bot Framework key metadata unreachable',
        errorName: (error as Error).name, code: (error as { code?: unknown }).code ?? status ?? null,
        error: String((error as Error).message ?? error).slice(0, 200),
      });
      return { status: 503, body: { error: 'authentication keys unavailable, try again later' } };
    }
    const invoke: InvokeResponse | undefined = await this.processActivity(authenticated, activity, logic);
    return { status: invoke?.status ?? 200, body: invoke?.body };
  }
}

/** The SDK's validateAndFixActivity (not exported): timestamps arrive as strings and are read as dates. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, keep] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    if (typeof raw[field] === 'string') {
      raw[keep] = raw[field];
      raw[field] = new Date(raw[field] as string);
    }
  }
  return activity;
}
