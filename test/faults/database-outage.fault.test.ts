import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlack, type SlackCall } from '../adapters/slack/support/fake-slack.ts';
import { formBody, freshTrigger, postToSlackEndpoint, sample } from '../adapters/slack/support/slack-requests.ts';
import { openDatabase } from '../../src/infra/db/database.ts';
import { startServer, type ServerProcess } from './support/server-process.ts';
import { createPrivatePostgres, freePort, type PrivatePostgres } from './support/private-postgres.ts';

const SECRET = 'outage-signing-secret';
const CONFIG = resolve(import.meta.dirname, '../fixtures/inbox/inbox-deployment.yaml');
const OUTAGE_MS = 30_000;
const EVERY_MS = 500;

/**
 * PostgreSQL stopped for 30 s under two reports a second: every report is acknowledged (stored, or kept in the local
 * spool), /readyz says degraded meanwhile, and once the database is back every report is registered exactly once,
 * every reporter hears back, and no notification is posted twice.
 */
describe('PostgreSQL stopped for 30 s under load', () => {
  let fake: FakeSlack;
  let pg: PrivatePostgres;
  let server: ServerProcess | undefined;
  let dataDir: string;

  beforeAll(async () => {
    fake = await new FakeSlack().start();
    fake.tokens.set('xoxb-home', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
    fake.users.set('U0ANNA', { locale: 'en-US' });
    pg = createPrivatePostgres(await freePort());
    dataDir = mkdtempSync(join(tmpdir(), 'samband-outage-'));
  });
  afterAll(async () => {
    await server?.kill();
    await fake?.stop();
    pg?.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers every report sent during the outage once, and posts no notification twice', async () => {
    server = await startServer({
      DATABASE_URL: pg.url, SAMBAND_DATA_DIR: dataDir, SAMBAND_CONFIG: CONFIG, SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-home', SLACK_API_URL: fake.apiUrl, SAMBAND_INBOX_LEASE_MS: '3000', SAMBAND_DELIVERY_LEASE_MS: '5000',
      SAMBAND_LOG_LEVEL: 'error',
    });
    const sent: Array<{ trigger: string; responseUrl: string; status: number; during: boolean }> = [];
    let n = 0;
    let down = false;
    const report = async () => {
      n += 1;
      const body = {
        ...sample<Record<string, string | undefined>>('slash_command.bolt-python.json'),
        team_id: 'T0HOME', enterprise_id: undefined, enterprise_name: undefined, user_id: 'U0ANNA', command: '/incident',
        text: `Rinkeby 2 stenkastning ${n}`, trigger_id: freshTrigger(), response_url: fake.responseUrl(`outage-${n}`),
      };
      const during = down;
      const { status } = await postToSlackEndpoint(server!.url, formBody(body), { secret: SECRET });
      sent.push({ trigger: body.trigger_id!, responseUrl: body.response_url!, status, during });
    };
    const load = async (ms: number) => {
      const until = Date.now() + ms;
      const inFlight: Array<Promise<void>> = [];
      while (Date.now() < until) {
        inFlight.push(report());
        await new Promise((r) => setTimeout(r, EVERY_MS));
      }
      await Promise.all(inFlight);
    };

    await load(3000);
    pg.stop();
    down = true;
    const readyDuring = await fetch(`${server.url}/readyz`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await load(OUTAGE_MS);
    pg.start();
    down = false;
    await load(3000);

    expect(readyDuring).toEqual({ status: 503, body: { status: 'degraded' } });
    expect(sent.filter((s) => s.during).length).toBeGreaterThanOrEqual(50);
    expect(sent.every((s) => s.status === 200)).toBe(true);
    const answers = await Promise.all(sent.map(({ responseUrl }) => fake.waitFor(
      () => fake.repliesTo(responseUrl).find((c) => /INC-\d{4}-\d{4}/.test(text(c))), 90_000, `the answer to ${responseUrl}`,
    )));
    const refs = answers.map((c) => /INC-\d{4}-\d{4}/.exec(text(c))![0]);
    expect(new Set(refs).size).toBe(sent.length);
    await fake.waitFor(() => ['C0POLICE', 'C0SOCIAL'].every((channel) => refs.every((ref) => postsOf(fake, channel, ref).length > 0)), 90_000, 'every notification');
    expect(await fetch(`${server.url}/readyz`).then((r) => r.status)).toBe(200);
    expect(await server.stop()).toBe(0);
    server = undefined;

    const db = await openDatabase({ databaseUrl: pg.url, poolSize: 2 });
    try {
      const incidents = await db.prisma.incident.findMany();
      expect(incidents.map((i) => i.requestKey).sort()).toEqual(sent.map((s) => s.trigger).sort());
      const notifications = await db.prisma.notification.findMany({ where: { kind: 'incident.new' } });
      for (const notification of notifications) {
        expect(notification.status).toBe('sent');
        const posts = fake.of('chat.postMessage').filter((c) => c.params.metadata?.event_payload?.idempotency_key === notification.idempotencyKey);
        expect(posts.length, `posts of ${notification.idempotencyKey}`).toBe(1);
      }
    } finally {
      await db.close();
    }
  }, 240_000); // 36 s of load, then the spool's replay and the deliveries.

  it('starts while the database is down: waits for it with backoff, then serves', async () => {
    pg.stop();
    let waitedAlive = false;
    const started = await startServer({
      DATABASE_URL: pg.url, SAMBAND_DATA_DIR: dataDir, SAMBAND_CONFIG: CONFIG, SAMBAND_LOG_LEVEL: 'warn',
    }, 60_000, {
      waitingFor: '"event":"db.waiting"',
      whileWaiting: () => {
        // It said it waits (rather than exiting): bring the database back.
        waitedAlive = true;
        pg.start();
      },
    });
    try {
      expect(waitedAlive).toBe(true);
      expect(started.stderr()).toMatch(/"event":"db.waiting".*"attempt":1/);
      expect(await fetch(`${started.url}/readyz`).then((r) => r.json())).toEqual({ status: 'ready' });
    } finally {
      expect(await started.stop()).toBe(0);
    }
  }, 120_000);
});

const text = (call: SlackCall) => JSON.stringify(call.params.blocks ?? []) + String(call.params.text ?? '');
const postsOf = (fake: FakeSlack, channel: string, ref: string) => fake.of('chat.postMessage').filter((c) => c.params.channel === channel && text(c).includes(ref));
