import { createSlackAdapter } from '../../adapters/slack/index.ts';
import { PrismaSlackInstallationStore } from '../infra/slack/prisma-slack-installation-store.ts';
import type { AdapterWire } from './wiring.types.ts';
import { requireSecretKeyInProduction, secretBoxOf } from '../infra/secrets/secret-settings.ts';
import { slackEnabled } from './adapter-switches.ts';
import { PrismaRoomAudience } from '../infra/audience/prisma-room-audience.ts';

/**
 * The Slack adapter, on when SLACK_SIGNING_SECRET (HTTP on the shared server) or SLACK_APP_TOKEN (Socket Mode) is
 * set. Tokens come from SLACK_BOT_TOKEN (one workspace) and/or OAuth installations kept in the database
 * (SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET). A half-configured Slack stops the start with a message.
 */
export const wireSlack: AdapterWire = async ({ env, db, service, directory, clock, logger, inbox }) => {
  if (!slackEnabled(env)) return null;
  const oauthVars = [env.SLACK_CLIENT_ID, env.SLACK_CLIENT_SECRET, env.SLACK_STATE_SECRET];
  if (oauthVars.some(Boolean) && !oauthVars.every(Boolean)) {
    throw new Error('Slack OAuth needs all of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET');
  }
  requireSecretKeyInProduction(env);
  const box = secretBoxOf(env);
  const log = logger.child({ adapter: 'slack' });
  if (env.SLACK_CLIENT_ID && !box) log.log('warn', 'slack.tokens_in_clear', { reason: 'SAMBAND_SECRET_KEY is not set' });
  const adapter = createSlackAdapter({
    signingSecret: env.SLACK_SIGNING_SECRET,
    botToken: env.SLACK_BOT_TOKEN,
    appToken: env.SLACK_APP_TOKEN,
    oauth: env.SLACK_CLIENT_ID
      ? { clientId: env.SLACK_CLIENT_ID, clientSecret: env.SLACK_CLIENT_SECRET!, stateSecret: env.SLACK_STATE_SECRET! }
      : undefined,
    apiUrl: env.SLACK_API_URL,
    core: service,
    inbox,
    directory,
    installations: new PrismaSlackInstallationStore(db, box),
    rooms: new PrismaRoomAudience(db, clock, directory),
    logger: log,
    now: () => clock.now(),
    pacing: { intervalMs: env.SLACK_POST_INTERVAL_MS },
  });
  return {
    name: 'slack',
    platform: adapter.platform,
    mounts: adapter.routes.map((r) => ({ path: r.path, handler: r.handler })),
    start: () => adapter.start(),
    stop: () => adapter.stop(),
    drain: () => adapter.drain(),
  };
};
