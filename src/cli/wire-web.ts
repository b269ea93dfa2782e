import { PrismaAccessLog } from '../infra/access/prisma-access-log.ts';
import type { AdapterWire } from './wiring.types.ts';
import {
  ConsoleGate, WebDoor, WebEventHub, WebPlatform, createWebConsole, decideConsoleMode,
} from '../../adapters/web/index.ts';
import { PrismaWebMessageStore } from '../infra/web/prisma-web-message-store.ts';
import { PrismaSupervisionReader } from '../infra/supervision/prisma-supervision-reader.ts';
import { supervisorView } from '../core/supervision/supervisor-view.service.ts';
import { areaViewsOf } from './wire-area-views.ts';

/**
 * The web console: always the `web` chat platform (messages to web addresses are stored and shown once the console
 * is on), and the console's pages when the environment allows them (see decideConsoleMode).
 */
export const wireWeb: AdapterWire = async ({ env, db, service, directory, clock, logger, inbox, shifts }) => {
  const log = logger.child({ adapter: 'web' });
  const mode = decideConsoleMode({
    nodeEnv: env.NODE_ENV,
    enabled: env.SAMBAND_WEB_CONSOLE,
    secret: env.SAMBAND_WEB_SECRET,
    hasChatCredentials: Boolean(env.SLACK_SIGNING_SECRET || env.SLACK_BOT_TOKEN || env.MICROSOFT_APP_ID || env.TEAMS_BOTS),
    host: env.HOST,
  });
  const store = new PrismaWebMessageStore(db);
  const hub = new WebEventHub();
  const platform = new WebPlatform(store, hub, clock);
  // Made even with the console off: console requests stored before a restart still run and answer.
  const door = new WebDoor({ inbox, core: service, directory, store, hub, clock, logger: log });
  if (mode.kind === 'off') {
    log.log('info', 'web.console_off', { reason: mode.reason });
    return { name: 'web', platform, mounts: [] };
  }
  const reader = new PrismaSupervisionReader(db, { now: () => clock.now() });
  const accessLog = new PrismaAccessLog(db);
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
    gate: new ConsoleGate(mode),
  });
  return {
    name: 'web',
    platform,
    mounts: [{ path: '/', handler }],
    async start() {
      log.log('info', 'web.console_on', { mode: mode.kind, host: env.HOST });
    },
  };
};
