import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { ChatPlatform } from '../../src/core/ports/chat-platform.port.ts';
import type { DirectoryReader } from '../../src/core/directory/directory.port.ts';
import { boltLogger } from './adapter-logger.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';
import { AfterAckQueue } from './after-ack-queue.ts';
import { ChannelPacer, type ChannelPacerOptions } from './channel-pacer.ts';
import { createSlackClients } from './slack-clients.ts';
import { SlackAuth } from './slack-auth.ts';
import { SlackPeople } from './slack-people.ts';
import { SlackPlatform } from './slack-platform.ts';
import { SlackReplies } from './slack-replies.ts';
import { SlackRequestRunner } from './slack-request-runner.ts';
import type { SambandCore } from '../../src/core/kernel/samband-core.port.ts';
import { registerSlackListeners } from './slack-listeners.ts';
import { createSlackRequestGuard, slackEnvelopeErrorHandler } from './slack-request-guard.ts';
import { SLACK_BOT_SCOPES } from './slack-scopes.ts';
import type { SlackInstallationRepository } from './slack-storage.port.ts';
import { SlackDoor } from './slack-door.ts';
import type { RequestInbox } from '../../src/core/ports/request-inbox.port.ts';
import type { RoomAudienceRecorder } from '../../src/core/audience/room-audience.port.ts';
import { SlackRooms } from './slack-rooms.ts';

export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** Where Slack sends the browser back; defaults to the one in the app's settings. */
  redirectUri?: string;
}

export interface SlackAdapterOptions {
  /** SLACK_SIGNING_SECRET: verifies every HTTP request. Required for the HTTP transport. */
  signingSecret?: string;
  /** SLACK_BOT_TOKEN: a single workspace (and the fallback where no OAuth installation exists). */
  botToken?: string;
  /** SLACK_APP_TOKEN: Socket Mode instead of HTTP. */
  appToken?: string;
  /** OAuth installation into several workspaces. */
  oauth?: SlackOAuthOptions;
  /** SLACK_API_URL: another Web API (tests). */
  apiUrl?: string;
  core: SambandCore;
  /** Where requests are stored before their ack ("received" means stored). */
  inbox: RequestInbox;
  directory: DirectoryReader;
  installations?: SlackInstallationRepository;
  /** Where what Slack says about Slack Connect channels is kept; without it, channels are not checked. */
  rooms?: RoomAudienceRecorder;
  logger: Logger;
  now(): Date;
  pacing?: ChannelPacerOptions;
  /** Requests worked on at once after their ack. */
  workConcurrency?: number;
}

/** An HTTP path the adapter answers on the shared server. */
export interface SlackRoute {
  path: string;
  handler(req: IncomingMessage, res: ServerResponse): void;
}

export interface SlackAdapter {
  transport: 'http' | 'socket';
  platform: ChatPlatform;
  routes: SlackRoute[];
  /** Connects Socket Mode (HTTP needs nothing). */
  start(): Promise<void>;
  /** Disconnects and lets work already acknowledged finish. */
  stop(): Promise<void>;
  /** Resolves when no acknowledged request is still being worked on. */
  drain(): Promise<void>;
}

export const SLACK_PATHS = { events: '/slack/events', install: '/slack/install', redirect: '/slack/oauth_redirect' } as const;

/**
 * The Slack adapter: Bolt receives (HTTP on the shared server, or Socket Mode), the listeners translate payloads for
 * the core, and the platform delivers the core's notifications as Block Kit. OAuth installs (several workspaces)
 * and a single bot token work alone or together.
 */
export function createSlackAdapter(options: SlackAdapterOptions): SlackAdapter {
  const { logger } = options;
  const socket = !!options.appToken;
  if (!socket && !options.signingSecret) throw new Error('Slack over HTTP needs SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)');
  if (!options.botToken && !options.oauth) throw new Error('Slack needs SLACK_BOT_TOKEN, or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for OAuth');
  if (options.oauth && !options.installations) throw new Error('Slack OAuth needs an installation store');

  const clients = createSlackClients(options.apiUrl, logger);
  // Installations exist only through OAuth: without it, the store is not read (not even before an ack).
  const installations = options.oauth ? options.installations : undefined;
  const auth = new SlackAuth({ botToken: options.botToken, installations, client: clients.plain, now: options.now, logger });
  const people = new SlackPeople({ directory: options.directory, client: clients.plain, core: options.core, logger });
  const replies = new SlackReplies({ client: clients.interactive, logger });
  const runner = new SlackRequestRunner({ core: options.core, people, replies, client: clients.interactive, logger });
  const door = new SlackDoor({ inbox: options.inbox, runner, auth });
  // Requests on /slack/events not yet answered, and when the last one came: the after-ack work yields to them.
  let receiving = 0;
  let lastArrival = 0;
  const busy = () => receiving > 0 || Date.now() - lastArrival < 100;
  const queue = new AfterAckQueue({ logger, concurrency: options.workConcurrency, busy });
  const bolt = boltLogger(logger);

  const receiver = socket
    ? new SocketModeReceiver({ appToken: options.appToken!, logger: bolt, installerOptions: { clientOptions: clients.options } })
    // processBeforeResponse: the answer to a request waits for its listener, which stores the request first. Commands
    // and actions are answered by their ack as soon as it is stored; events (acked by Bolt before any listener)
    // would otherwise be answered before they are stored.
    : new HTTPReceiver({
      signingSecret: options.signingSecret!, endpoints: [SLACK_PATHS.events], logger: bolt, processBeforeResponse: true,
      processEventErrorHandler: slackEnvelopeErrorHandler(logger),
    });
  const app = new App({
    receiver, authorize: auth.authorize, logger: bolt, clientOptions: clients.options, convoStore: false, ignoreSelf: true,
  });
  const rooms = options.rooms
    ? new SlackRooms({ auth, client: clients.plain, recorder: options.rooms, directory: options.directory, logger })
    : undefined;
  registerSlackListeners(app, { runner, door, queue, auth, logger, rooms });

  const routes: SlackRoute[] = [];
  if (receiver instanceof HTTPReceiver) {
    const events = route(SLACK_PATHS.events, 'POST', receiver);
    const guard = createSlackRequestGuard({ signingSecret: options.signingSecret!, logger });
    routes.push({
      path: events.path,
      handler(req, res) {
        receiving += 1;
        lastArrival = Date.now();
        res.once('close', () => {
          receiving -= 1;
          queue.pump();
        });
        void guard(req, res, () => events.handler(req, res));
      },
    });
  }
  if (options.oauth) {
    const installer = new HTTPReceiver({
      // This receiver only serves the install pages; events never reach it, so it verifies no signatures.
      signingSecret: '',
      signatureVerification: false,
      endpoints: ['/slack/__oauth_only__'],
      logger: bolt,
      clientId: options.oauth.clientId,
      clientSecret: options.oauth.clientSecret,
      stateSecret: options.oauth.stateSecret,
      redirectUri: options.oauth.redirectUri,
      scopes: [...SLACK_BOT_SCOPES],
      installationStore: auth.installationStore(),
      installerOptions: { installPath: SLACK_PATHS.install, redirectUriPath: SLACK_PATHS.redirect, clientOptions: clients.options },
    });
    routes.push(route(SLACK_PATHS.install, 'GET', installer), route(SLACK_PATHS.redirect, 'GET', installer));
  }

  const platform = new SlackPlatform({ auth, client: clients.plain, pacer: new ChannelPacer(options.pacing) });
  return {
    transport: socket ? 'socket' : 'http',
    platform,
    routes,
    async start() {
      void auth.warmUp();
      // In the background: a slow Slack must not hold up the start; a failed look-up is logged and retried next start.
      void rooms?.checkConfigured().catch((error: Error) => logger.log('warn', 'slack.room_check_failed', { error: error.message?.slice(0, 200) }));
      if (socket) await app.start();
      logger.log('info', 'slack.started', { transport: socket ? 'socket' : 'http', oauth: !!options.oauth, botToken: !!options.botToken });
    },
    async stop() {
      if (socket) await app.stop().catch((error: Error) => logger.log('warn', 'slack.stop_failed', { error: error.message }));
      await Promise.race([queue.drain(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    },
    drain: () => queue.drain(),
  };
}

/** A receiver's request listener on one path and method; anything else is a plain 405. */
function route(path: string, method: 'GET' | 'POST', receiver: HTTPReceiver): SlackRoute {
  return {
    path,
    handler(req, res) {
      if (req.method !== method) {
        res.writeHead(405, { allow: method });
        res.end();
        return;
      }
      receiver.requestListener(req, res);
    },
  };
}
