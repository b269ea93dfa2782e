import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { FakeSlack } from '../adapters/slack/support/fake-slack.ts';
import { DeliveryWorker } from '../../src/infra/delivery/delivery-worker.ts';
import { claimDue } from '../../src/infra/delivery/outbox-queries.ts';
import { exponentialBackoff } from '../../src/infra/delivery/retry-policy.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import type { ChatPlatform } from '../../src/core/ports/chat-platform.port.ts';
import { MemoryPlatform, memoryPlatformAs } from '../../adapters/memory/memory-platform.ts';
import type { Logger } from '../../src/infra/log/logger.ts';
import { deliveryAttempts, waitFor } from './delivery-helpers.ts';
import { acceptOutcomes, auditOf, enqueueTo, outboxRows, refuseOutcomes, slackPlatformOn } from './support/slack-outbox.ts';

// Effectively once: an outcome the database refuses is kept and recorded later, never re-sent; a claim a crash left
// behind is reconciled with the platform before anything is sent again.

const TOKEN = 'xoxb-once';
const TEAM = 'T0ONCE';
const CHANNEL = 'C0POLICE';
const LEASE_MS = 30_000;

/** A logger that keeps events, to check what an operator would read (and that it names no people). */
function recordingLogger(lines: Array<{ level: string; event: string; fields: Record<string, unknown> }>): Logger {
  const make = (base: Record<string, unknown>): Logger => ({
    log: (level, event, fields = {}) => { lines.push({ level, event, fields: { ...base, ...fields } }); },
    child: (fields) => make({ ...base, ...fields }),
  });
  return make({});
}

describe.each(DATABASE_KINDS)('effectively once delivery on %s', (kind) => {
  let db: TestDatabase;
  let slack: FakeSlack;
  let clock: ManualClock;
  let workers: DeliveryWorker[] = [];

  function newWorker(workerId: string, platform: ChatPlatform, options: Partial<ConstructorParameters<typeof DeliveryWorker>[1]> = {}): DeliveryWorker {
    const worker = new DeliveryWorker(db, {
      workerId, clock, platforms: new Map([[platform.name, platform]]), retry: exponentialBackoff({ baseMs: 20, maxMs: 200 }),
      leaseMs: LEASE_MS, pollMs: 10, recordRetryMs: 20, stopFlushMs: 200, ...options,
    });
    workers.push(worker);
    return worker;
  }

  beforeAll(async () => {
    db = await createTestDatabase(kind);
    slack = await new FakeSlack().start();
    slack.tokens.set(TOKEN, { team: TEAM, botUser: 'U0BOT', botId: 'B0ONCE' });
  });

  afterEach(async () => {
    await acceptOutcomes(db);
    await Promise.all(workers.map((w) => w.stop()));
    workers = [];
  });

  afterAll(async () => {
    await slack?.stop();
    await db?.destroy();
  });

  it('an outcome the database refuses is not re-sent when the lease runs out, and is recorded once it can be', async () => {
    clock = new ManualClock(new Date());
    const lines: Parameters<typeof recordingLogger>[0] = [];
    const queued = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: CHANNEL }, 3, clock.now());
    const ids = queued.map((n) => n.id);
    await refuseOutcomes(db);

    const worker = newWorker('worker-refused', slackPlatformOn(slack, TOKEN), { logger: recordingLogger(lines) });
    expect(await worker.runOnce()).toBe(3);
    // Slack has the three messages; the database would not take their outcomes, so the worker keeps them.
    expect([...slack.postsPerKey().values()]).toEqual([1, 1, 1]);
    expect(worker.unrecorded.sort()).toEqual([...ids].sort());
    expect((await outboxRows(db, ids)).every((r) => r.status === 'sending' && r.claimed_by === 'worker-refused')).toBe(true);
    expect(lines.filter((l) => l.event === 'delivery.record_failed')).toHaveLength(3);

    // Long past the lease: the rows are due again by the clock, yet this worker does not send them again.
    clock.set(new Date(clock.now().getTime() + 10 * LEASE_MS));
    expect(await worker.runOnce()).toBe(0);
    expect(slack.of('chat.postMessage')).toHaveLength(3);

    // The database takes outcomes again: the kept ones are recorded (the backlog retries on its own).
    await acceptOutcomes(db);
    await waitFor('kept outcomes recorded', () => worker.unrecorded.length === 0, 10_000, 10);
    const rows = await outboxRows(db, ids);
    const posted = new Map(slack.of('chat.postMessage').map((c) => [c.params.metadata.event_payload.idempotency_key, `${c.response.channel}/${c.response.ts}`]));
    expect(rows.map((r) => [r.status, r.attempts, r.claimed_by, r.sending_since, r.platform_message_id]))
      .toEqual(queued.map((n) => ['sent', 1, null, null, posted.get(n.idempotencyKey)]));
    expect(slack.postsPerKey().size).toBe(3);
    expect([...slack.postsPerKey().values()]).toEqual([1, 1, 1]);
    const attempts = (await deliveryAttempts(db)).filter((a) => ids.includes(a.notification_id));
    expect(attempts.map((a) => a.outcome)).toEqual(['sent', 'sent', 'sent']);
    expect(await auditOf(db, 'notification.delivered', ids)).toHaveLength(3);
    expect(lines.filter((l) => l.event === 'delivery.recorded_late').map((l) => l.fields.leaseLost)).toEqual([false, false, false]);
  });

  it('while an outcome waits, its lease is renewed, so another worker does not take the row', async () => {
    clock = new ManualClock(new Date());
    const [queued] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: CHANNEL }, 1, clock.now());
    const posts = () => slack.postsPerKey().get(queued.idempotencyKey) ?? 0;
    await refuseOutcomes(db);
    const first = newWorker('worker-holding', slackPlatformOn(slack, TOKEN), { leaseMs: 300 });
    first.start();
    await waitFor('sent, outcome kept', () => posts() === 1 && first.unrecorded.includes(queued.id), 10_000, 10);

    // An hour later by the clock, the lease is renewed from the new time (a renewal runs every lease/3).
    clock.set(new Date(clock.now().getTime() + 3_600_000));
    const renewedFrom = clock.now().getTime();
    await waitFor('lease renewed', async () => ((await outboxRows(db, [queued.id]))[0].claimed_until?.getTime() ?? 0) > renewedFrom, 10_000, 20);
    const other = newWorker('worker-other', slackPlatformOn(slack, TOKEN));
    expect(await other.runOnce()).toBe(0);

    await acceptOutcomes(db);
    await waitFor('recorded', async () => (await outboxRows(db, [queued.id]))[0].status === 'sent', 10_000, 20);
    expect(posts()).toBe(1);
    expect(slack.of('conversations.history')).toHaveLength(0);
  });

  it('a stop waits for a lease renewal under way: no query of the worker runs after it', async () => {
    const [queued] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: CHANNEL }, 1, clock.now());
    await refuseOutcomes(db);
    // The database answers lease renewals a second late; every other statement as it comes.
    let running = 0;
    let renewals = 0;
    const slowRenewals: TestDatabase = { ...db, sql: { ...db.sql, query: async (sql, params) => {
      running += 1;
      try {
        if (sql.includes('SET claimed_until = GREATEST')) {
          renewals += 1;
          await new Promise((resolve) => setTimeout(resolve, 1_000));
        }
        return await db.sql.query(sql, params);
      } finally {
        running -= 1;
      }
    } } };
    const worker = new DeliveryWorker(slowRenewals, {
      workerId: 'worker-renewing', clock, platforms: new Map([['slack', slackPlatformOn(slack, TOKEN)]]), leaseMs: 300, pollMs: 10,
      recordRetryMs: 60_000, stopFlushMs: 0,
    });
    workers.push(worker);
    worker.start();
    await waitFor('sent, outcome kept, its lease being renewed', () => worker.unrecorded.includes(queued.id) && renewals > 0, 10_000, 10);
    await worker.stop();
    expect(running).toBe(0);
  });

  it('a graceful stop that cannot record leaves the row to a look-up: found in Slack, recorded as found, not posted again', async () => {
    clock = new ManualClock(new Date());
    const lines: Parameters<typeof recordingLogger>[0] = [];
    const [queued] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: CHANNEL }, 1, clock.now());
    await refuseOutcomes(db);
    const first = newWorker('worker-stopping', slackPlatformOn(slack, TOKEN), { logger: recordingLogger(lines) });
    await first.runOnce();
    await first.stop();
    // The stop tried for its budget, then said which outcome stays unrecorded (by id only).
    const unrecorded = lines.find((l) => l.event === 'delivery.outcomes_unrecorded');
    expect(unrecorded?.fields).toMatchObject({ count: 1, notificationIds: [queued.id] });
    await acceptOutcomes(db);

    clock.set(new Date(clock.now().getTime() + LEASE_MS + 1));
    const historyBefore = slack.of('conversations.history').length;
    const next = newWorker('worker-next', slackPlatformOn(slack, TOKEN));
    expect(await next.runOnce()).toBe(1);

    expect(slack.postsPerKey().get(queued.idempotencyKey)).toBe(1);
    const lookups = slack.of('conversations.history').slice(historyBefore);
    expect(lookups).toHaveLength(1);
    expect(lookups[0].params.channel).toBe(CHANNEL);
    expect(String(lookups[0].params.include_all_metadata)).toBe('true');
    const post = slack.of('chat.postMessage').find((c) => c.params.metadata.event_payload.idempotency_key === queued.idempotencyKey)!;
    const [row] = await outboxRows(db, [queued.id]);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, claimed_by: null, sending_since: null, platform_message_id: `${CHANNEL}/${post.response.ts}` });
    const attempts = (await deliveryAttempts(db)).filter((a) => a.notification_id === queued.id);
    expect(attempts.map((a) => [a.worker, a.outcome])).toEqual([['worker-next', 'found']]);
    const delivered = await auditOf(db, 'notification.delivered', [queued.id]);
    expect(delivered).toHaveLength(1);
    expect(delivered[0].after).toMatchObject({ found: true, attempt: 2 });
    expect(await auditOf(db, 'notification.possible_duplicate', [queued.id])).toHaveLength(0);
  });
});

describe('reconciling a claim a crash left behind (PGlite)', () => {
  let db: TestDatabase;
  let slack: FakeSlack;
  const clock = new ManualClock(new Date());
  const workers: DeliveryWorker[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('pglite');
    slack = await new FakeSlack().start();
    slack.tokens.set(TOKEN, { team: TEAM, botUser: 'U0BOT', botId: 'B0ONCE' });
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await slack?.stop();
    await db?.destroy();
  });

  /** A worker that claimed the due rows and died: its claims are left, with a lease already over. */
  async function crashAfterClaim(): Promise<void> {
    await claimDue(db, 'worker-dead', clock.now(), new Date(clock.now().getTime() - 1), 50);
  }

  function restarted(platform: ChatPlatform): DeliveryWorker {
    const worker = new DeliveryWorker(db, { workerId: 'worker-restarted', clock, platforms: new Map([[platform.name, platform]]), leaseMs: LEASE_MS });
    workers.push(worker);
    return worker;
  }

  it('Slack: a message the dead worker posted is found (channel, thread, DM); one it did not post is posted once, plainly', async () => {
    const platform = slackPlatformOn(slack, TOKEN);
    const [root] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: CHANNEL }, 1, clock.now());
    const rootPost = await platform.send({ platform: 'slack', workspace: TEAM, channel: CHANNEL }, root.message, { idempotencyKey: root.idempotencyKey });
    await db.sql.query(`UPDATE notification SET status = 'sent', platform_message_id = $2 WHERE id = $1::uuid`, [root.id, rootPost.messageId]);

    const [posted] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: CHANNEL }, 1, clock.now());
    const [reply] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: CHANNEL }, 1, clock.now(), { threadOfId: root.id });
    const [direct] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: 'U0DAVE', user: 'U0DAVE' }, 1, clock.now());
    const [notPosted] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: CHANNEL }, 1, clock.now());
    await crashAfterClaim();
    // Before it died, the worker got three of them out (the answers never reached it).
    await platform.send({ platform: 'slack', workspace: TEAM, channel: CHANNEL }, posted.message, { idempotencyKey: posted.idempotencyKey });
    await platform.send({ platform: 'slack', workspace: TEAM, channel: CHANNEL }, reply.message, { idempotencyKey: reply.idempotencyKey, threadOf: rootPost.messageId });
    await platform.send(direct.address, direct.message, { idempotencyKey: direct.idempotencyKey });
    const postsBefore = slack.of('chat.postMessage').length;

    expect(await restarted(platform).runOnce()).toBe(4);

    // Only the one that never got out was posted, and without a "may repeat" line: Slack said it was not there.
    const newPosts = slack.of('chat.postMessage').slice(postsBefore);
    expect(newPosts.map((c) => c.params.metadata.event_payload.idempotency_key)).toEqual([notPosted.idempotencyKey]);
    expect(JSON.stringify(newPosts[0].params.blocks)).not.toContain('upprepa');
    for (const n of [root, posted, reply, direct, notPosted]) expect(slack.postsPerKey().get(n.idempotencyKey)).toBe(1);
    // The thread reply was looked for in its thread, the DM in the DM Slack opened for that user.
    expect(slack.of('conversations.replies').map((c) => c.params.ts)).toEqual([rootPost.messageId.split('/')[1]]);
    expect(slack.of('conversations.open').map((c) => c.params.users)).toEqual(['U0DAVE']);
    expect(slack.of('conversations.history').map((c) => c.params.channel).sort()).toEqual([CHANNEL, CHANNEL, 'D0DAVE']);

    const ids = [posted.id, reply.id, direct.id, notPosted.id];
    const rows = new Map((await outboxRows(db, ids)).map((r) => [r.id, r]));
    expect(ids.every((id) => rows.get(id)!.status === 'sent' && rows.get(id)!.sending_since === null)).toBe(true);
    const byKey = new Map(slack.of('chat.postMessage').map((c) => [c.params.metadata.event_payload.idempotency_key, `${c.response.channel}/${c.response.ts}`]));
    for (const n of [posted, reply, direct, notPosted]) expect(rows.get(n.id)!.platform_message_id).toBe(byKey.get(n.idempotencyKey));
    const outcomes = new Map((await deliveryAttempts(db)).filter((a) => ids.includes(a.notification_id)).map((a) => [a.notification_id, a.outcome]));
    expect([posted, reply, direct, notPosted].map((n) => outcomes.get(n.id))).toEqual(['found', 'found', 'found', 'sent']);
    const delivered = await auditOf(db, 'notification.delivered', ids);
    expect(delivered.map((e) => [e.subject_id, e.after.found ?? false]).sort())
      .toEqual([[posted.id, true], [reply.id, true], [direct.id, true], [notPosted.id, false]].sort());
  });

  it('Slack: reads the history page by page; a history too long to read to the end is not taken as "not there"', async () => {
    const platform = slackPlatformOn(slack, TOKEN);
    const [deep] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: 'C0BUSYDAY' }, 1, clock.now());
    const [buried] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: 'C0FLOOD' }, 1, clock.now());
    await crashAfterClaim();
    await platform.send(deep.address, deep.message, { idempotencyKey: deep.idempotencyKey });
    await platform.send(buried.address, buried.message, { idempotencyKey: buried.idempotencyKey });
    // Other people kept talking after the crash: 450 newer messages in one channel, 1100 in the other.
    const chatter = (channel: string, count: number) => {
      const after = Number(slack.messages.get(channel)!.at(-1)!.ts);
      for (let i = 1; i <= count; i += 1) slack.messages.get(channel)!.push({ channel, ts: (after + i / 1000).toFixed(6), text: `prat ${i}`, bot_id: 'B0OTHER' });
    };
    chatter('C0BUSYDAY', 450);
    chatter('C0FLOOD', 1100);
    await restarted(platform).runOnce();

    // Found on the third page: not posted again.
    expect(slack.of('conversations.history').filter((c) => c.params.channel === 'C0BUSYDAY')).toHaveLength(3);
    expect(slack.postsPerKey().get(deep.idempotencyKey)).toBe(1);
    // Five pages read without reaching it: sent again, marked, and audited as a possible duplicate.
    expect(slack.of('conversations.history').filter((c) => c.params.channel === 'C0FLOOD')).toHaveLength(5);
    expect(slack.postsPerKey().get(buried.idempotencyKey)).toBe(2);
    expect(await auditOf(db, 'notification.possible_duplicate', [deep.id, buried.id])).toMatchObject([{ subject_id: buried.id }]);
  });

  it('Slack: a look-up the app may not make (missing scope) falls back to a re-send marked and audited as a possible duplicate', async () => {
    const platform = slackPlatformOn(slack, TOKEN);
    const [queued] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: 'C0NOSCOPE' }, 1, clock.now());
    slack.script('conversations.history', (call) => (call.params.channel === 'C0NOSCOPE' ? { body: { ok: false, error: 'missing_scope' } } : undefined));
    await crashAfterClaim();
    await restarted(platform).runOnce();

    const posts = slack.of('chat.postMessage').filter((c) => c.params.metadata.event_payload.idempotency_key === queued.idempotencyKey);
    expect(posts).toHaveLength(1);
    expect(posts[0].params.blocks[0]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Kan upprepa ett tidigare meddelande.' }] });
    expect(await auditOf(db, 'notification.possible_duplicate', [queued.id])).toHaveLength(1);
    expect((await outboxRows(db, [queued.id]))[0]).toMatchObject({ status: 'sent', sending_since: null });
  });

  it('Slack: a rate-limited look-up sends nothing and keeps the row uncertain for the next try', async () => {
    const platform = slackPlatformOn(slack, TOKEN);
    const [queued] = await enqueueTo(db, { platform: 'slack', workspace: TEAM, channel: 'C0BUSY' }, 1, clock.now());
    let limited = 1;
    slack.script('conversations.history', (call) => (call.params.channel === 'C0BUSY' && limited-- > 0
      ? { status: 429, headers: { 'retry-after': '1' }, body: { ok: false, error: 'ratelimited' } } : undefined));
    await crashAfterClaim();
    const worker = restarted(platform);
    await worker.runOnce();
    const [waiting] = await outboxRows(db, [queued.id]);
    expect(waiting.status).toBe('pending');
    expect(waiting.sending_since).not.toBeNull();
    expect(slack.postsPerKey().get(queued.idempotencyKey)).toBeUndefined();

    clock.set(new Date(clock.now().getTime() + 5_000));
    await worker.runOnce();
    // Asked again (still uncertain), not found, posted once.
    expect(slack.of('conversations.history').filter((c) => c.params.channel === 'C0BUSY')).toHaveLength(2);
    expect(slack.postsPerKey().get(queued.idempotencyKey)).toBe(1);
    expect((await outboxRows(db, [queued.id]))[0]).toMatchObject({ status: 'sent', sending_since: null });
  });

  it('a platform that cannot be asked gets the re-send marked, audited before it goes out; web finds its own copy', async () => {
    const teamsLike = new MemoryPlatform();
    const blind: ChatPlatform = { name: 'memory', send: (a, m, o) => teamsLike.send(a, m, o), update: (a, id, m, o) => teamsLike.update(a, id, m, o) };
    const web = memoryPlatformAs('web');
    const [blindRow] = await enqueueTo(db, { platform: 'memory', workspace: '', channel: 'c-blind' }, 1, clock.now());
    const [webRow] = await enqueueTo(db, { platform: 'web', workspace: '', channel: 'agency:polisen' }, 1, clock.now());
    await crashAfterClaim();
    await web.send(webRow.address, webRow.message, { idempotencyKey: webRow.idempotencyKey });
    const worker = new DeliveryWorker(db, {
      workerId: 'worker-restarted', clock, platforms: new Map<ChatPlatform['name'], ChatPlatform>([['memory', blind], ['web', web]]), leaseMs: LEASE_MS,
    });
    workers.push(worker);
    expect(await worker.runOnce()).toBe(2);

    expect(teamsLike.sent.map((m) => [m.idempotencyKey, m.possibleRepeat])).toEqual([[blindRow.idempotencyKey, true]]);
    expect(web.inner.sent.filter((m) => m.kind === 'send')).toHaveLength(1);
    const possible = await auditOf(db, 'notification.possible_duplicate', [blindRow.id, webRow.id]);
    expect(possible.map((e) => e.subject_id)).toEqual([blindRow.id]);
    const attempts = (await deliveryAttempts(db)).filter((a) => a.notification_id === blindRow.id);
    expect(attempts.map((a) => a.outcome)).toEqual(['resend-unverified', 'sent']);
    expect((await outboxRows(db, [webRow.id]))[0].status).toBe('sent');
  });
});
