import { describe, expect, it } from 'vitest';
import { ChannelPacer } from '../../../adapters/slack/channel-pacer.ts';
import { PlatformError } from '../../../src/core/ports/chat-platform.port.ts';
import type { OutboundMessage } from '../../../src/core/messages/outbound.types.ts';
import { readEnv } from '../../../src/infra/config/env.ts';
import { wireSlack } from '../../../src/cli/wire-slack.ts';
import { startTestApp } from '../../support/test-app.ts';
import { FakeSlack } from './support/fake-slack.ts';

/** A pacer on a hand-moved clock; `waits` records every sleep it asked for. */
function pacer(options: { intervalMs?: number; maxWaitMs?: number } = {}) {
  let now = 1_000_000;
  const waits: number[] = [];
  const p = new ChannelPacer({
    ...options,
    now: () => now,
    sleep: async (ms) => { waits.push(ms); now += ms; },
  });
  return { p, waits, advance: (ms: number) => { now += ms; } };
}

describe('per-channel pacing of Slack posts', () => {
  it('spaces posts to one channel a second apart and leaves other channels alone', async () => {
    const { p, waits } = pacer();
    await p.slot('T1', 'C1');
    await p.slot('T1', 'C2');
    await p.slot('T2', 'C1');
    expect(waits).toEqual([]);
    await p.slot('T1', 'C1');
    expect(waits).toEqual([1000]);
  });

  it('queues concurrent posts to one channel one after the other', async () => {
    const real = new ChannelPacer({ intervalMs: 20 });
    const started = Date.now();
    const done: number[] = [];
    await Promise.all([0, 1, 2].map(async () => { await real.slot('T', 'C'); done.push(Date.now() - started); }));
    expect(done[2]).toBeGreaterThanOrEqual(35);
  });

  it('sends a post that would wait too long back to the outbox with a retry time', async () => {
    const waits: number[] = [];
    const p = new ChannelPacer({ intervalMs: 1000, maxWaitMs: 2500, now: () => 1_000_000, sleep: async (ms) => { waits.push(ms); } });
    for (let i = 0; i < 3; i += 1) await p.slot('T1', 'C1');
    expect(waits).toEqual([1000, 2000]);
    const error = await p.slot('T1', 'C1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlatformError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 3000 });
  });

  it('holds the whole workspace after a 429 until Retry-After has passed', async () => {
    const { p, waits, advance } = pacer({ maxWaitMs: 5000 });
    p.pause('T1', 2000);
    await p.slot('T1', 'C9');
    expect(waits).toEqual([2000]);
    p.pause('T1', 30_000);
    await expect(p.clear('T1')).rejects.toMatchObject({ retryable: true, retryAfterMs: 30_000 });
    advance(30_000);
    await expect(p.clear('T1')).resolves.toBeUndefined();
    await expect(p.clear('T2')).resolves.toBeUndefined();
  });
});

describe('the pace as a deployment sets it (SLACK_POST_INTERVAL_MS)', () => {
  it('is a second unless set, refuses a negative value, and reaches the Slack platform the app wires', async () => {
    expect(readEnv({}).SLACK_POST_INTERVAL_MS).toBe(1000);
    expect(() => readEnv({ SLACK_POST_INTERVAL_MS: '-5' })).toThrow(/SLACK_POST_INTERVAL_MS/);
    const fake = await new FakeSlack().start();
    fake.tokens.set('xoxb-pace', { team: 'T0PACE', botUser: 'U0BOT', botId: 'B0PACE' });
    const app = await startTestApp('postgres', {
      env: { SLACK_SIGNING_SECRET: 'pace-secret', SLACK_BOT_TOKEN: 'xoxb-pace', SLACK_API_URL: fake.apiUrl, SLACK_POST_INTERVAL_MS: '300' },
      wires: [wireSlack], background: false, listen: false,
    });
    try {
      const slack = app.adapters.find((a) => a.name === 'slack')!.platform!;
      const message: OutboundMessage = { locale: 'sv', tone: 'info', title: 'Takt', facts: [], actions: [], fallback: 'Takt', audience: 'reply' };
      for (const key of ['pace-1', 'pace-2']) await slack.send({ platform: 'slack', workspace: 'T0PACE', channel: 'C0PACE' }, message, { idempotencyKey: key });
      const [first, second] = fake.of('chat.postMessage');
      expect(second.at - first.at).toBeGreaterThanOrEqual(280);
    } finally {
      await app.stop();
      await fake.stop();
    }
  });
});
