import { request } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, type SlackCall } from '../../adapters/slack/support/fake-slack.ts';
import { formBody, freshTrigger, sample, slackSignature } from '../../adapters/slack/support/slack-requests.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../../support/test-database.ts';
import { openDatabase } from '../../../src/infra/db/database.ts';
import { startServer, type ServerProcess } from './server-process.ts';

const SECRET = 'kill-after-ack-secret';
const CONFIG = resolve(import.meta.dirname, '../../fixtures/inbox/inbox-deployment.yaml');
const ROUNDS = 20;

/**
 * "Received" means stored: a signed /incident is acknowledged, and the server is killed (SIGKILL) within 5 ms of the
 * ack, twenty times in a row. Once it runs again, every one of the twenty incidents exists once, every agency channel
 * got its notification once, and every reporter got the answer. One file per database (kill-after-ack.*.fault.test.ts),
 * so the two run side by side: 21 server starts each, about 80 s on a slow machine.
 */
export function killAfterAckSuite(kind: DatabaseKind): void {
  describe(`killed within 5 ms of the ack (${kind})`, () => {
    let fake: FakeSlack;
    let dataDir: string;
    let serverDb: TestDatabase | undefined;
    let env: Record<string, string>;

    beforeAll(async () => {
      fake = await new FakeSlack().start();
      fake.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
      fake.users.set('U0ANNA', { locale: 'en-US' });
      dataDir = mkdtempSync(join(tmpdir(), 'samband-kill-'));
      if (kind === 'postgres') serverDb = await createTestDatabase('postgres', { migrate: false });
      env = {
        DATABASE_URL: kind === 'pglite' ? `pglite:${join(dataDir, 'pglite')}` : serverDb!.url,
        SAMBAND_DATA_DIR: dataDir,
        SAMBAND_CONFIG: CONFIG,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-home',
        SLACK_API_URL: fake.apiUrl,
        // A killed server's claims run out quickly on a shared database server (PGlite frees them at start).
        SAMBAND_INBOX_LEASE_MS: '1000',
        SAMBAND_DELIVERY_LEASE_MS: '2000',
        SAMBAND_LOG_LEVEL: 'warn',
      };
    });
    afterAll(async () => {
      await fake?.stop();
      await serverDb?.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it(`loses none of ${ROUNDS} acknowledged reports, notifies each agency once and answers each reporter`, async () => {
      const sent: Array<{ trigger: string; responseUrl: string }> = [];
      const gapsMs: number[] = [];
      for (let round = 1; round <= ROUNDS; round += 1) {
        const server = await startServer(env);
        const body = {
          ...sample<Record<string, string | undefined>>('slash_command.bolt-python.json'),
          team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: 'U0ANNA', command: '/incident',
          text: `Rinkeby 2 stenkastning mot buss ${round}`, trigger_id: freshTrigger(), response_url: fake.responseUrl(`kill-${kind}-${round}`),
        };
        const { status, gapMs } = await postThenKill(server, formBody(body));
        expect(status).toBe(200);
        gapsMs.push(gapMs);
        sent.push({ trigger: body.trigger_id!, responseUrl: body.response_url! });
      }
      // The signal goes synchronously in the response's callback: measured from the answer's arrival to the signal sent,
      // it takes well under 5 ms; a busy shared machine may deschedule the test process now and then (a 90 ms gap was
      // seen at load 10), hence the median and no bound on the slowest round: a later kill only makes a round easier.
      const sorted = [...gapsMs].sort((a, b) => a - b);
      expect(sorted[Math.floor(sorted.length / 2)]).toBeLessThan(5);

      const server = await startServer(env);
      try {
        // Each reporter hears back: the registration (or, had it been made just before the kill, that it already was).
        const answers = await Promise.all(sent.map(({ responseUrl }) => fake.waitFor(
          () => fake.repliesTo(responseUrl).find((c) => /INC-\d{4}-\d{4}/.test(text(c))), 60_000, `the answer to ${responseUrl}`,
        )));
        const refs = answers.map((c) => /INC-\d{4}-\d{4}/.exec(text(c))![0]);
        expect(new Set(refs).size).toBe(ROUNDS);
        // Rinkeby reports go to the police's and the social services' channels: wait until both have all twenty.
        await fake.waitFor(() => ['C0POLICE', 'C0SOCIAL'].every((channel) => refs.every((ref) => postsOf(fake, channel, ref).length > 0)), 60_000, 'every notification');
      } finally {
        expect(await server.stop()).toBe(0);
      }

      const db = await openDatabase({ databaseUrl: env.DATABASE_URL, poolSize: 2 });
      try {
        const incidents = await db.prisma.incident.findMany({ where: { reporterId: 'anna.lind' } });
        expect(incidents.map((i) => i.requestKey).sort()).toEqual(sent.map((s) => s.trigger).sort());
        const notifications = await db.prisma.notification.findMany({ where: { kind: 'incident.new', incidentId: { in: incidents.map((i) => i.id) } } });
        expect(notifications.length).toBeGreaterThanOrEqual(ROUNDS * 2);
        for (const notification of notifications) {
          expect(notification.status).toBe('sent');
          // Exactly one post per notification: none lost, none doubled.
          const posts = fake.of('chat.postMessage').filter((c) => c.params.metadata?.event_payload?.idempotency_key === notification.idempotencyKey);
          expect(posts.length, `posts of ${notification.idempotencyKey}`).toBe(1);
        }
        expect(await db.prisma.auditEvent.count({ where: { action: 'incident.registered', requestId: { in: sent.map((s) => s.trigger) } } })).toBe(ROUNDS);
      } finally {
        await db.close();
      }
    }, 300_000); // 21 server starts: about a minute on a quiet machine.
  });
}

const text = (call: SlackCall) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');
const postsOf = (fake: FakeSlack, channel: string, ref: string) => fake.of('chat.postMessage').filter((c) => c.params.channel === channel && text(c).includes(ref));

/**
 * POSTs a signed Slack request and SIGKILLs the server the moment the answer arrives; resolves with the status and
 * how long after the answer's arrival the signal went.
 */
function postThenKill(server: ServerProcess, body: string): Promise<{ status: number; gapMs: number }> {
  const timestamp = Math.floor(Date.now() / 1000);
  return new Promise((done, fail) => {
    const req = request(`${server.url}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': slackSignature(SECRET, timestamp, body),
      },
    }, (res) => {
      const arrived = performance.now();
      server.child.kill('SIGKILL');
      const gapMs = performance.now() - arrived;
      res.resume();
      void server.kill().then(() => done({ status: res.statusCode ?? 0, gapMs }), fail);
    });
    req.on('error', fail);
    req.end(body);
  });
}
