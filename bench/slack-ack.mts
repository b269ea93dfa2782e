/**
 * Slack ack latency and throughput on PostgreSQL: signed `/incident Rinkeby 2 stenkastning mot buss` requests
 * against Samband's `/slack/events` (the whole app: Bolt's HTTPReceiver on the shared server, signature check,
 * authorize, ack, then the registration in the core and the ephemeral answer after the ack) side by side with a bare
 * Bolt app that verifies the same request and only acks it. 20 concurrent connections (closed loops, keep-alive),
 * phases interleaved in rounds so both see the same machine load.
 *
 * The load generator and the fake Slack (Web API and the response URLs Samband answers on) run in two child
 * processes, this same file started with `--load-generator` and `--fake-slack`, so neither shares an event loop with
 * the servers or with each other. The delivery worker is off: notifications
 * are written in the registration's transaction but not sent, so the phases measure the endpoint and the
 * registration rather than Slack's per-channel pace.
 *
 *   npx tsx bench/slack-ack.mts        (SAMBAND_BENCH_SECONDS=4 per phase, SAMBAND_BENCH_ROUNDS=2)
 */
import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadavg } from 'node:os';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { createBenchDatabase } from './lib/bench-database.ts';
import { markdownTable, ms, percentile, summarize, type Summary } from './lib/stats.ts';
import { machineLine, saveBenchResult } from './lib/machine.ts';
import { composeApp } from '../src/cli/compose-app.ts';
import { wireSlack } from '../src/cli/wire-slack.ts';
import { readEnv } from '../src/infra/config/env.ts';
import { silentLogger } from '../src/infra/log/logger.ts';
import { FakeSlack } from '../test/adapters/slack/support/fake-slack.ts';
import { FIXTURE_CONFIG, formBody, slackSignature } from '../test/adapters/slack/support/slack-requests.ts';

const SECONDS = Number(process.env.SAMBAND_BENCH_SECONDS ?? 4);
const ROUNDS = Number(process.env.SAMBAND_BENCH_ROUNDS ?? 2);
const CONNECTIONS = 20;
const SECRET = 'bench-signing-secret';
const TARGET = { p99Ms: 100, throughputShare: 0.15 };

interface RunOrder { target: 'samband' | 'bare'; url: string; seconds: number; prefix: string; slackUrl: string; connections: number; intervalMs?: number }
interface PhaseResult { latencies: number[]; offsets: number[]; seconds: number; failures: number }

if (process.argv.includes('--load-generator')) loadGenerator();
else if (process.argv.includes('--fake-slack')) await fakeSlack();
else await main();

/** A child process running this file in one of its roles, and a way to ask it something over IPC. */
function spawnRole(role: string) {
  const child = fork(new URL(import.meta.url), [role], { execArgv: ['--import', 'tsx'] });
  const ask = <T,>(message: object, key: string) => new Promise<T>((resolve) => {
    const listener = (reply: Record<string, T>) => {
      if (!(key in reply)) return;
      child.off('message', listener);
      resolve(reply[key]);
    };
    child.on('message', listener);
    if (Object.keys(message).length) child.send(message);
  });
  return { child, ask };
}

async function main(): Promise<void> {
  const slack = spawnRole('--fake-slack');
  const loader = spawnRole('--load-generator');
  const ask = loader.ask;
  const guard = setTimeout(() => {
    console.error('slack bench: time limit reached');
    slack.child.kill();
    loader.child.kill();
    process.exit(2);
  }, 180_000);
  const { apiUrl, url: slackUrl } = await slack.ask<{ apiUrl: string; url: string }>({}, 'ready');
  const bench = await createBenchDatabase('slack');
  let server: Server | undefined;
  try {
    const app = await composeApp({
      env: readEnv({
        PORT: '0', HOST: '127.0.0.1', SAMBAND_LOG_LEVEL: 'error', SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_API_URL: apiUrl, SAMBAND_CONFIG: FIXTURE_CONFIG,
      }),
      db: bench.db, wires: [wireSlack], logger: silentLogger, background: false,
    });
    const sambandUrl = await app.listen();

    const bare = new App({
      receiver: new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR }),
      token: 'xoxb-bench', botId: 'B0BOT', botUserId: 'U0BOT', tokenVerificationEnabled: false,
      clientOptions: { slackApiUrl: apiUrl }, logLevel: LogLevel.ERROR,
    });
    bare.command('/incident', async ({ ack }) => { await ack(); });
    server = (await bare.start({ port: 0, host: '127.0.0.1' })) as Server;
    const urls = { samband: sambandUrl, bare: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };

    const incidents = () => bench.db.prisma.incident.count();
    const acks = { samband: { latencies: [] as number[], seconds: 0, failures: 0 }, bare: { latencies: [] as number[], seconds: 0, failures: 0 } };
    const work = { registered: 0, busySeconds: 0, drainSeconds: [] as number[], replyDelays: [] as number[] };
    // CPU time of this (server) process per request: a figure that a busy machine distorts less than latency.
    const cpu = { samband: 0, bare: 0 };

    const phase = async (target: RunOrder['target'], seconds: number, prefix: string, record: boolean, connections = CONNECTIONS) => {
      const before = target === 'samband' ? await incidents() : 0;
      const cpuBefore = process.cpuUsage();
      const result = await ask<PhaseResult>({ run: { target, url: urls[target], seconds, prefix, slackUrl, connections } satisfies RunOrder }, 'done');
      if (target === 'samband') {
        // Everything acked must become an incident: wait for the work behind the acks before the next phase.
        const acked = result.latencies.length - result.failures;
        const drainStart = performance.now();
        while ((await incidents()) - before < acked) {
          if (performance.now() - drainStart > 120_000) throw new Error('registrations did not catch up with the acks');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        const drain = (performance.now() - drainStart) / 1000;
        if (record) {
          work.registered += (await incidents()) - before;
          work.busySeconds += result.seconds + drain;
          work.drainSeconds.push(drain);
          const { sent } = await ask<{ sent: Record<string, number> }>({ sent: { prefix } }, 'sent');
          const { arrived } = await slack.ask<{ arrived: Record<string, number> }>({ arrived: { prefix } }, 'arrived');
          work.replyDelays.push(...Object.entries(arrived).flatMap(([id, at]) => (sent[id] ? [at - sent[id]] : [])));
        }
      }
      if (record) {
        const used = process.cpuUsage(cpuBefore);
        cpu[target] += (used.user + used.system) / 1000;
        acks[target].latencies.push(...result.latencies);
        acks[target].seconds += result.seconds;
        acks[target].failures += result.failures;
      }
      if (process.env.SAMBAND_BENCH_DEBUG) {
        const slow = result.latencies.map((l, i) => [l, result.offsets[i]]).sort((a, b) => b[0] - a[0]).slice(0, 8);
        console.log(`  slowest (latency@start ms): ${slow.map(([l, o]) => `${l.toFixed(0)}@${o.toFixed(0)}`).join(' ')}`);
      }
      console.log(`${record ? 'measured' : 'warm-up '} ${target.padEnd(7)} ${result.latencies.length} requests in ${result.seconds.toFixed(1)} s, ${result.failures} failed`);
    };

    for (const target of ['samband', 'bare'] as const) await phase(target, 1.5, `warm-${target}`, false);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['samband', 'bare'] as const) : (['bare', 'samband'] as const);
      for (const target of order) await phase(target, SECONDS, `r${round}-${target}`, true);
    }

    // The usual case, a few people at a time (5 requests a second): how long until the answer shows in Slack.
    const beforeSingle = await incidents();
    const single = await ask<PhaseResult>({ run: { target: 'samband', url: urls.samband, seconds: 5, prefix: 'single', slackUrl, connections: 1, intervalMs: 200 } satisfies RunOrder }, 'done');
    const singleStart = performance.now();
    while ((await incidents()) - beforeSingle < single.latencies.length && performance.now() - singleStart < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    const singleSent = (await ask<{ sent: Record<string, number> }>({ sent: { prefix: 'single' } }, 'sent')).sent;
    const singleArrived = (await slack.ask<{ arrived: Record<string, number> }>({ arrived: { prefix: 'single' } }, 'arrived')).arrived;
    const singleAnswers = Object.entries(singleArrived).flatMap(([id, at]) => (singleSent[id] ? [at - singleSent[id]] : [])).sort((a, b) => a - b);
    const singleAcks = summarize(single.latencies, single.seconds);

    const s: Record<RunOrder['target'], Summary> = { samband: summarize(acks.samband.latencies, acks.samband.seconds), bare: summarize(acks.bare.latencies, acks.bare.seconds) };
    const share = s.samband.perSecond / s.bare.perSecond;
    const replies = [...work.replyDelays].sort((a, b) => a - b);
    const registrationsPerSecond = work.registered / work.busySeconds;
    const table = markdownTable(
      ['endpoint', 'requests', 'acks/s', 'p50 ack ms', 'p99 ack ms', 'max ms', 'failed', 'server CPU ms/request'],
      [
        ['Samband `/slack/events` (whole app)', s.samband.count, s.samband.perSecond.toFixed(0), ms(s.samband.p50), ms(s.samband.p99), ms(s.samband.max), acks.samband.failures, ms(cpu.samband / s.samband.count)],
        ['bare Bolt (verify and ack only)', s.bare.count, s.bare.perSecond.toFixed(0), ms(s.bare.p50), ms(s.bare.p99), ms(s.bare.max), acks.bare.failures, ms(cpu.bare / s.bare.count)],
      ],
    );
    const verdict = [
      `p99 ack ${ms(s.samband.p99)} ms (target < ${TARGET.p99Ms}): ${s.samband.p99 < TARGET.p99Ms ? 'met' : 'NOT met'}`,
      `p99 ack as a multiple of bare Bolt's in this run: ${(s.samband.p99 / s.bare.p99).toFixed(2)}x (goal ≤ 1.5x): ${s.samband.p99 / s.bare.p99 <= 1.5 ? 'met' : 'NOT met'}`,
      `throughput ${(share * 100).toFixed(0)} % of bare Bolt (target >= ${TARGET.throughputShare * 100} %): ${share >= TARGET.throughputShare ? 'met' : 'NOT met'}`,
      `registrations behind the acks: ${work.registered} in ${work.busySeconds.toFixed(1)} s = ${registrationsPerSecond.toFixed(0)}/s (queue drained ${work.drainSeconds.map((d) => d.toFixed(1)).join(', ')} s after each phase)`,
      `answer in Slack (request -> ephemeral reply) under that load: p50 ${ms(percentile(replies, 50))} ms, p99 ${ms(percentile(replies, 99))} ms`,
      `5 requests/s (${singleAcks.count} requests): ack p50 ${ms(singleAcks.p50)} ms, p99 ${ms(singleAcks.p99)} ms; answer in Slack p50 ${ms(percentile(singleAnswers, 50))} ms, p99 ${ms(percentile(singleAnswers, 99))} ms`,
      `load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (1/5/15 min)`,
    ];
    console.log(`\n${machineLine()}\n${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s per endpoint\n\n${table}\n\n${verdict.join('\n')}`);
    saveBenchResult('slack-ack', {
      loadAverage: loadavg(), connections: CONNECTIONS, seconds: SECONDS, rounds: ROUNDS,
      acks: s, throughputShare: share, cpuMsPerRequest: { samband: cpu.samband / s.samband.count, bare: cpu.bare / s.bare.count },
      registrations: { count: work.registered, seconds: work.busySeconds, perSecond: registrationsPerSecond, drainSeconds: work.drainSeconds },
      replies: { p50: percentile(replies, 50), p99: percentile(replies, 99), count: replies.length },
      fivePerSecond: { acks: singleAcks, answers: { p50: percentile(singleAnswers, 50), p99: percentile(singleAnswers, 99), count: singleAnswers.length } },
    });
    await app.close();
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    slack.child.send({ stop: true });
    loader.child.send({ stop: true });
    await bench.destroy();
    clearTimeout(guard);
  }
}

/** Child role: Slack's Web API and the response URLs, recording when each answer arrived. */
async function fakeSlack(): Promise<void> {
  const fake = await new FakeSlack().start();
  fake.tokens.set('xoxb-bench', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
  fake.users.set('U0ANNA', {});
  process.on('message', async (message: { arrived?: { prefix: string }; stop?: true }) => {
    if (message.stop) {
      await fake.stop();
      process.exit(0);
    }
    if (message.arrived) {
      const arrived: Record<string, number> = {};
      for (const call of fake.of('response_url')) {
        const id = call.path.slice('/response/'.length);
        if (id.startsWith(message.arrived.prefix)) arrived[id] = call.at;
      }
      process.send!({ arrived: { arrived } });
    }
  });
  process.send!({ ready: { apiUrl: fake.apiUrl, url: fake.url } });
}

/** Child role: sends the signed requests its parent asks for and remembers when each was sent. */
function loadGenerator(): void {
  const sentAt = new Map<string, number>();
  process.on('message', async (message: { run?: RunOrder; sent?: { prefix: string }; stop?: true }) => {
    if (message.stop) process.exit(0);
    if (message.sent) {
      process.send!({ sent: { sent: Object.fromEntries([...sentAt].filter(([id]) => id.startsWith(message.sent!.prefix))) } });
    }
    if (message.run) process.send!({ done: await load(message.run, sentAt) });
  });
}

/** `order.connections` closed loops of signed `/incident` requests for `seconds`, each a keep-alive connection. */
async function load(order: RunOrder, sentAt: Map<string, number>): Promise<PhaseResult> {
  const latencies: number[] = [];
  const offsets: number[] = [];
  let failures = 0;
  let n = 0;
  const start = performance.now();
  const until = start + order.seconds * 1000;
  await Promise.all(Array.from({ length: order.connections }, async () => {
    while (performance.now() < until) {
      const id = `${order.prefix}-${n++}`;
      const body = formBody({
        token: 'verification_token', team_id: 'T0HOME', team_domain: 'home', channel_id: 'C0FIELD', channel_name: 'falt',
        user_id: 'U0ANNA', user_name: 'anna', command: '/incident', text: 'Rinkeby 2 stenkastning mot buss',
        response_url: `${order.slackUrl}/response/${id}`, trigger_id: id,
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const t0 = performance.now();
      sentAt.set(id, Date.now());
      try {
        const response = await fetch(`${order.url}/slack/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': slackSignature(SECRET, timestamp, body),
          },
          body,
        });
        await response.arrayBuffer();
        if (response.status !== 200) failures += 1;
      } catch {
        failures += 1;
      }
      latencies.push(performance.now() - t0);
      offsets.push(t0 - start);
      if (order.intervalMs) await new Promise((resolve) => setTimeout(resolve, Math.max(0, t0 + order.intervalMs! - performance.now())));
    }
  }));
  return { latencies, offsets, seconds: (performance.now() - start) / 1000, failures };
}
