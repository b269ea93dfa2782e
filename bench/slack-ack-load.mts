/**
 * Load generator of bench/slack-ack.mts, in its own process so it does not share the servers' event loop (Slack is
 * another machine, after all). It also plays Slack's Web API and response URLs (FakeSlack), so the answers Samband
 * sends after each ack arrive here and their delay can be measured.
 *
 * Talks to its parent over IPC: {run: {target, url, seconds, connections, secret, prefix}} -> {done: {...}}.
 */
import { FakeSlack } from '../test/adapters/slack/support/fake-slack.ts';
import { formBody, slackSignature } from '../test/adapters/slack/support/slack-requests.ts';

interface RunOrder {
  target: string;
  url: string;
  seconds: number;
  connections: number;
  secret: string;
  prefix: string;
}

const fake = await new FakeSlack().start();
fake.tokens.set('xoxb-bench', { team: 'T0HOME', botUser: 'U0BOT', botId: 'B0BOT' });
fake.users.set('U0ANNA', {});
const sentAt = new Map<string, number>();

process.send!({ ready: { apiUrl: fake.apiUrl } });

process.on('message', async (message: { run?: RunOrder; replies?: { prefix: string }; stop?: true }) => {
  if (message.stop) {
    await fake.stop();
    process.exit(0);
  }
  if (message.replies) {
    // End-to-end delay of Samband's ephemeral answers (request sent -> answer posted to the response_url).
    const delays = fake.of('response_url').flatMap((c) => {
      const id = c.path.slice('/response/'.length);
      const at = sentAt.get(id);
      return id.startsWith(message.replies!.prefix) && at !== undefined ? [c.at - at] : [];
    });
    process.send!({ replies: { delays } });
  }
  if (message.run) process.send!({ done: await run(message.run) });
});

/** `connections` closed loops of signed `/incident` requests for `seconds`; each loop has its own keep-alive socket. */
async function run(order: RunOrder) {
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
        response_url: fake.responseUrl(id), trigger_id: id,
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
            'x-slack-signature': slackSignature(order.secret, timestamp, body),
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
    }
  }));
  return { target: order.target, latencies, offsets, seconds: (performance.now() - start) / 1000, failures };
}
