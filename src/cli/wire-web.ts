import { PrismaAccessLog } from '../infra/access/prisma-access-log.ts';
import type { AdapterWire } from './wiring.types.ts';
import {
  ConsoleGate, WebDoor, WebEventHub, WebPlatform, createWebConsole, decideConsoleMode,
} from '../../adapters/web/index.ts';
import { ConsoleSessions } from '../../adapters/web/sign-in/console-sessions.ts';
import { OidcClients } from '../../adapters/web/sign-in/oidc-client.ts';
import { parseIssuers, type SignInSettings } from '../../adapters/web/sign-in/sign-in.types.ts';
import { isLoopbackHost } from '../../adapters/web/console-mode.ts';
import { PrismaWebMessageStore } from '../infra/web/prisma-web-message-store.ts';
import { PrismaWebSessionStore } from '../infra/web/prisma-web-session-store.ts';
import { PgWebEventRelay } from '../infra/web/pg-web-event-relay.ts';
import { PrismaSupervisionReader } from '../infra/supervision/prisma-supervision-reader.ts';
import { supervisorView } from '../core/supervision/supervisor-view.service.ts';
import { areaViewsOf } from './wire-area-views.ts';
import type { SambandEnv } from '../infra/config/env.ts';

/** Sign-in settings from the environment, or null when no identity provider is configured. */
export function signInSettings(env: SambandEnv): SignInSettings | null {
  if (!env.SAMBAND_OIDC_ISSUERS) return null;
  const issuers = parseIssuers(env.SAMBAND_OIDC_ISSUERS);
  if (!env.SAMBAND_PUBLIC_URL && issuers.some((i) => !i.redirectUrl)) {
    throw new Error('SAMBAND_OIDC_ISSUERS needs SAMBAND_PUBLIC_URL (the address browsers use, e.g. https://samband.example.org) for the sign-in callback');
  }
  return {
    issuers,
    publicUrl: env.SAMBAND_PUBLIC_URL ?? '',
    sessions: {
      idleMinutes: env.SAMBAND_SESSION_IDLE_MINUTES,
      maxHours: env.SAMBAND_SESSION_MAX_HOURS,
      maxFailures: env.SAMBAND_SIGNIN_MAX_FAILURES,
      failureWindowMinutes: env.SAMBAND_SIGNIN_WINDOW_MINUTES,
    },
    secureCookies: !isLoopbackHost(env.HOST) || (env.SAMBAND_PUBLIC_URL ?? '').startsWith('https:'),
    trustProxy: env.SAMBAND_TRUST_PROXY === true,
  };
}

/**
 * The web console: always the `web` chat platform (messages to web addresses are stored and shown once the console
 * is on), and the console's pages when the environment allows them (see decideConsoleMode). On PostgreSQL every
 * process announces what it posts, so the replicas that serve browsers stream it too.
 */
export const wireWeb: AdapterWire = async ({ env, db, service, directory, clock, logger, inbox, shifts }) => {
  const log = logger.child({ adapter: 'web' });
  const signIn = signInSettings(env);
  const mode = decideConsoleMode({
    nodeEnv: env.NODE_ENV,
    enabled: env.SAMBAND_WEB_CONSOLE,
    signIn: signIn !== null,
    hasChatCredentials: Boolean(env.SLACK_SIGNING_SECRET || env.SLACK_BOT_TOKEN || env.MICROSOFT_APP_ID || env.TEAMS_BOTS),
    host: env.HOST,
  });
  const store = new PrismaWebMessageStore(db);
  const hub = new WebEventHub();
  const relay = db.kind === 'postgres' ? new PgWebEventRelay(db, log) : null;
  const platform = new WebPlatform(store, hub, clock);
  // Made even with the console off: console requests stored before a restart still run and answer.
  const door = new WebDoor({ inbox, core: service, directory, store, hub, clock, logger: log });
  if (mode.kind === 'off') {
    log.log('info', 'web.console_off', { reason: mode.reason });
    if (relay) await hub.connect(relay, store, log, false);
    return { name: 'web', platform, mounts: [] };
  }
  const reader = new PrismaSupervisionReader(db, { now: () => clock.now() });
  const accessLog = new PrismaAccessLog(db);
  const sessions = signIn ? new ConsoleSessions(new PrismaWebSessionStore(db), clock, signIn.sessions) : undefined;
  const handler = createWebConsole({
    core: service,
    door,
    directory,
    store,
    hub,
    supervisorView: (personId, options) => supervisorView({ directory, reader, clock, accessLog }, personId, options),
    areaViews: areaViewsOf({ env, db, directory, clock, reader, accessLog, shifts }),
    clock,
    logger: log,
    gate: new ConsoleGate(mode, { sessions, secureCookies: signIn?.secureCookies, trustProxy: signIn?.trustProxy }),
    signIn: signIn && sessions ? { clients: new OidcClients(signIn.issuers, signIn.publicUrl), sessions } : undefined,
  });
  let prune: NodeJS.Timeout | undefined;
  return {
    name: 'web',
    platform,
    mounts: [{ path: '/', handler }],
    async start() {
      if (relay) await hub.connect(relay, store, log, true);
      if (sessions) {
        prune = setInterval(() => void sessions.prune().catch((error: Error) => log.log('warn', 'web.session_prune_failed', { error: error.message })), 10 * 60_000);
        prune.unref();
      }
      log.log('info', 'web.console_on', { mode: mode.kind, host: env.HOST, issuers: signIn?.issuers.map((i) => i.id) ?? [] });
    },
    async stop() {
      clearInterval(prune);
      await relay?.close();
    },
  };
};
