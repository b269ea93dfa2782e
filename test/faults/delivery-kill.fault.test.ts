import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { FakeSlack } from '../adapters/slack/support/fake-slack.ts';
import { FakeBotConnector, cardOf, cardText } from '../adapters/teams/support/fake-bot-connector.ts';
import { POLICE_CHANNEL, TENANT_A } from '../adapters/teams/support/teams-activities.ts';
import { PrismaConversationStore } from '../../src/infra/teams/prisma-conversation-store.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import { systemClock } from '../../src/core/ports/clock.port.ts';
import type { NewNotification } from '../../src/core/notification/notification.types.ts';
import { auditCounts, countBy, deliveryAttempts, notificationStates, waitFor } from '../delivery/delivery-helpers.ts';
import { enqueueTo } from '../delivery/support/slack-outbox.ts';

// SIGKILL a delivery worker process five times in a row, each time while a Slack post and a Teams send are in flight
// (the fakes have taken them and hold their answers). Then: nothing lost, nothing posted twice in Slack (the restarted
// worker finds the message by its idempotency key in the channel's history), and every Teams copy that may repeat an
// earlier one is marked on the card and in the audit trail.

const WORKER_SCRIPT = fileURLToPath(new URL('../support/platform-worker-process.ts', import.meta.url));
const TOKEN = 'xoxb-faults';
const TEAM = 'T0FAULT';
const LEASE_MS = 1500;
const ROUNDS = 5;
const SLACK_CHANNELS = ['C0POLICE', 'C0SOCIAL', 'C0RESCUE'];

interface Worker {
  ready: Promise<void>;
  exited: Promise<number | string>;
  kill(): Promise<number | string>;
  stop(): Promise<number | string>;
}

function startWorker(db: TestDatabase, slack: FakeSlack, workerId: string): Worker {
  const child = fork(WORKER_SCRIPT, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env as Record<string, string>,
      SAMBAND_WORKER_DB: db.url, SAMBAND_WORKER_ID: workerId, SLACK_API_URL: slack.apiUrl, SLACK_BOT_TOKEN: TOKEN,
      SAMBAND_DELIVERY_LEASE_MS: String(LEASE_MS),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)));
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then((how) => reject(new Error(`worker ${workerId} exited before it was ready (${how})`)));
  });
  return {
    ready,
    exited,
    kill() { child.kill('SIGKILL'); return exited; },
    stop() { if (child.connected) child.send({ type: 'stop' }); return exited; },
  };
}

describe('a delivery worker killed mid-delivery, 5 times, against a fake Slack and a fake Bot Connector', () => {
  let db: TestDatabase;
  let slack: FakeSlack;
  let connector: FakeBotConnector;
  const running: Worker[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    slack = await new FakeSlack().start();
    slack.tokens.set(TOKEN, { team: TEAM, botUser: 'U0BOT', botId: 'B0FAULT' });
    connector = await new FakeBotConnector().start();
    // The bot is in the police team's channel (as Teams told it when it was added).
    await new PrismaConversationStore(db, systemClock).save(TENANT_A, {
      channelId: 'msteams', serviceUrl: connector.url, bot: { id: '28:samband', name: 'Samband' },
      conversation: { id: POLICE_CHANNEL, conversationType: 'channel', isGroup: true, tenantId: TENANT_A },
    });
  });

  afterAll(async () => {
    await Promise.all(running.map((w) => w.kill()));
    await connector?.stop();
    await slack?.stop();
    await db?.destroy();
  });

  it('loses nothing, posts nothing twice in Slack, and marks every possible Teams repeat in the audit trail', async () => {
    const queued: NewNotification[] = [];
    const slackSends = () => slack.of('chat.postMessage').length;
    const teamsSends = () => connector.calls.filter((c) => c.kind === 'send').length;

    for (let round = 1; round <= ROUNDS; round += 1) {
      // Fresh work each round, so the kill lands among sends of this round and claims of the last one.
      for (const channel of SLACK_CHANNELS) queued.push(...await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel }, 4, new Date()));
      queued.push(...await enqueueTo(db, { platform: 'teams', workspace: TENANT_A, channel: POLICE_CHANNEL }, 6, new Date()));
      // Hold the third Slack post and the second Teams send this worker makes: both are taken, neither answered.
      const slackFrom = slackSends();
      const teamsFrom = teamsSends();
      const heldPost = slack.hold('chat.postMessage', () => slackSends() >= slackFrom + 3);
      const heldSend = connector.hold((c) => c.kind === 'send' && teamsSends() >= teamsFrom + 2);

      const worker = startWorker(db, slack, `worker-round-${round}`);
      running.push(worker);
      await worker.ready;
      await Promise.all([heldPost.arrived, heldSend.arrived]);
      expect(await worker.kill()).toBe('SIGKILL');
      heldPost.release();
      heldSend.release();
    }

    const last = startWorker(db, slack, 'worker-final');
    running.push(last);
    await last.ready;
    await waitFor('every notification delivered', async () => (await notificationStates(db)).every((n) => n.status === 'sent'), 45_000, 100);
    expect(await last.stop()).toBe(0);

    const ids = new Map(queued.map((n) => [n.idempotencyKey, n.id]));
    const slackRows = queued.filter((n) => n.address.platform === 'slack');
    const teamsRows = queued.filter((n) => n.address.platform === 'teams');

    // Nothing lost: every notification reached its platform and is recorded as sent.
    const states = await notificationStates(db);
    expect(states).toHaveLength(queued.length);
    expect(states.every((n) => n.status === 'sent' && n.claimed_by === null)).toBe(true);
    const slackPosts = slack.postsPerKey();
    const teamsSendsByKey = connector.sendsPerKey();
    expect(slackRows.every((n) => (slackPosts.get(n.idempotencyKey) ?? 0) >= 1)).toBe(true);
    expect(teamsRows.every((n) => (teamsSendsByKey.get(n.idempotencyKey)?.length ?? 0) >= 1)).toBe(true);

    // Slack: exactly one post per notification, though five posts were taken and never answered.
    expect(slackRows.map((n) => slackPosts.get(n.idempotencyKey))).toEqual(slackRows.map(() => 1));
    expect([...slackPosts.keys()].sort()).toEqual(slackRows.map((n) => n.idempotencyKey).sort());
    const attempts = await deliveryAttempts(db);
    const found = attempts.filter((a) => a.outcome === 'found');
    // At least the five held posts were found in the channel history instead of being posted again.
    expect(found.length).toBeGreaterThanOrEqual(ROUNDS);
    expect(slack.of('conversations.history').length).toBeGreaterThanOrEqual(found.length);

    // Teams cannot be asked: every copy after the first says it may repeat an earlier message, and each marked copy
    // was put in the audit trail (before it went out) as a possible duplicate of that notification.
    const possible = await auditCounts(db, 'notification.possible_duplicate');
    let duplicates = 0;
    for (const n of teamsRows) {
      const sends = teamsSendsByKey.get(n.idempotencyKey)!;
      const marked = sends.filter((c) => (c.body.channelData as { samband: { possibleRepeat?: boolean } }).samband.possibleRepeat === true);
      expect(sends.slice(1).every((c) => marked.includes(c))).toBe(true);
      for (const c of marked) expect(cardText(cardOf(c))).toContain('Kan upprepa ett tidigare meddelande.');
      expect(possible.get(n.id) ?? 0).toBeGreaterThanOrEqual(marked.length);
      duplicates += sends.length - 1;
    }
    // The five held Teams sends were taken by the connector, so at least five copies were repeats: all marked.
    expect(duplicates).toBeGreaterThanOrEqual(ROUNDS);
    // Possible duplicates are only ever about notifications Teams cannot be asked about.
    const teamsIds = new Set(teamsRows.map((n) => n.id));
    expect([...possible.keys()].every((id) => teamsIds.has(id))).toBe(true);

    // The audit trail matches what the platforms got: one delivery per notification (a found message is its
    // delivery, not a second one), and an unbroken chain.
    const delivered = await auditCounts(db, 'notification.delivered');
    expect(queued.every((n) => delivered.get(n.id) === 1)).toBe(true);
    expect(delivered.size).toBe(queued.length);
    const sentOnRecord = countBy(attempts.filter((a) => a.outcome === 'sent' || a.outcome === 'found'), (a) => a.notification_id);
    expect(queued.every((n) => sentOnRecord.get(n.id) === 1)).toBe(true);
    expect(found.every((a) => ids.get(slackRows.find((n) => n.id === a.notification_id)?.idempotencyKey ?? '') === a.notification_id)).toBe(true);
    expect((await verifyAuditChain(db)).firstBreak).toBeNull();
  }, 110_000);
});
