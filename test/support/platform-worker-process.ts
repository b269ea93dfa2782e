/**
 * A delivery worker in a process of its own, delivering to the real Slack and Teams platforms pointed at the fakes
 * (test/adapters/slack/support/fake-slack.ts, test/adapters/teams/support/fake-bot-connector.ts), for the fault
 * tests that kill it mid-delivery. Environment: SAMBAND_WORKER_DB, SAMBAND_WORKER_ID, SLACK_API_URL, SLACK_BOT_TOKEN,
 * SAMBAND_DELIVERY_LEASE_MS. It answers `{type:'ready'}` over IPC once claiming, and stops on `{type:'stop'}`.
 */
import { openDatabase } from '../../src/infra/db/database.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import { DeliveryWorker } from '../../src/infra/delivery/delivery-worker.ts';
import { exponentialBackoff } from '../../src/infra/delivery/retry-policy.ts';
import { systemClock } from '../../src/core/ports/clock.port.ts';
import type { ChatPlatform } from '../../src/core/ports/chat-platform.port.ts';
import type { PlatformName } from '../../src/core/shared/platform.types.ts';
import { PrismaConversationStore } from '../../src/infra/teams/prisma-conversation-store.ts';
import { createTeamsAdapter } from '../../adapters/teams/teams-adapter.ts';
import type { SambandCore } from '../../src/core/kernel/samband-core.port.ts';
import { slackPlatformOn } from '../delivery/support/slack-outbox.ts';
import type { FakeSlack } from '../adapters/slack/support/fake-slack.ts';

const env = process.env;
const workerId = env.SAMBAND_WORKER_ID ?? `proc-${process.pid}`;
if (!env.SAMBAND_WORKER_DB || !env.SLACK_API_URL || !env.SLACK_BOT_TOKEN) {
  throw new Error('SAMBAND_WORKER_DB, SLACK_API_URL and SLACK_BOT_TOKEN are required');
}

const db = await openDatabase({ databaseUrl: env.SAMBAND_WORKER_DB, poolSize: 4 });
const slack = slackPlatformOn({ apiUrl: env.SLACK_API_URL } as FakeSlack, env.SLACK_BOT_TOKEN);
// Only the Teams platform is used here: inbound turns never reach this process.
const teams = createTeamsAdapter({
  auth: {},
  service: {} as SambandCore,
  inbox: { accept: async () => 'stored', run: async () => undefined, handle: () => undefined },
  store: new PrismaConversationStore(db, systemClock),
  cards: { currentMessage: async () => undefined },
  knownUser: async () => false,
  fallbackLocale: 'sv',
  log: { log() {} },
}).platform;

const worker = new DeliveryWorker(db, {
  workerId,
  clock: systemClock,
  platforms: new Map<PlatformName, ChatPlatform>([['slack', slack], ['teams', teams]]),
  retry: exponentialBackoff({ baseMs: 20, maxMs: 200 }),
  batchSize: 50,
  concurrency: 4,
  leaseMs: readEnv({ SAMBAND_DELIVERY_LEASE_MS: env.SAMBAND_DELIVERY_LEASE_MS }).SAMBAND_DELIVERY_LEASE_MS,
  pollMs: 20,
});
worker.start();

process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'stop') return;
  void worker.stop().then(() => db.close()).then(() => process.exit(0));
});
process.send?.({ type: 'ready', workerId });
