import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adaptiveCardProblems } from './adaptive-card-check.ts';

/** One call the bot made to the Bot Connector REST API (v3), as the connector saw it. */
export interface ConnectorCall {
  kind: 'send' | 'reply' | 'update' | 'create';
  method: string;
  path: string;
  conversationId: string;
  /** reply: the activity replied to; update: the activity replaced. */
  activityId?: string;
  body: Record<string, unknown>;
  bodyBytes: number;
  authorization?: string;
  status: number;
  at: number;
  /** The id the connector gave the new activity or conversation. */
  createdId?: string;
}

interface Failure {
  match: (call: ConnectorCall) => boolean;
  status: number;
  headers: Record<string, string>;
  remaining: number;
}

/**
 * A local stand-in for the Bot Connector service (the `serviceUrl` of Teams activities): records every send, reply,
 * update and conversation creation, answers like the real service, and can be told to fail the next calls (429).
 * Every Adaptive Card it receives is checked with Microsoft's library and the 1.5 schema rules; `stop()` fails the
 * test file if any card was invalid.
 */
export class FakeBotConnector {
  readonly calls: ConnectorCall[] = [];
  /** Cards received and checked, and what was wrong with the invalid ones. */
  cardsChecked = 0;
  readonly cardProblems: string[] = [];
  private readonly failures: Failure[] = [];
  private readonly holds: Array<{ match: (call: ConnectorCall) => boolean; claimed: boolean; arrive: (call: ConnectorCall) => void; released: Promise<void>; release: () => void }> = [];
  private server: Server | undefined;
  private nextId = 1700000000000;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => { void this.onRequest(req, res); });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async stop(): Promise<void> {
    for (const held of this.holds) held.release();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    if (this.cardProblems.length) throw new Error(`the fake Bot Connector received invalid Adaptive Cards:\n${this.cardProblems.join('\n')}`);
  }

  /** The next `times` calls that match answer `status` with `headers` (e.g. 429 with Retry-After). */
  failNext(match: (call: ConnectorCall) => boolean, status: number, headers: Record<string, string> = {}, times = 1): void {
    this.failures.push({ match, status, headers, remaining: times });
  }

  /**
   * Holds the next call that `match`es: it is recorded and accepted (the activity exists, as when the service posted
   * it and the answer was lost), but the answer waits until `release()`, or for ever when the caller is killed.
   */
  hold(match: (call: ConnectorCall) => boolean): { arrived: Promise<ConnectorCall>; release(): void } {
    let arrive!: (call: ConnectorCall) => void;
    let release!: () => void;
    const arrived = new Promise<ConnectorCall>((resolve) => { arrive = resolve; });
    const released = new Promise<void>((resolve) => { release = resolve; });
    this.holds.push({ match, claimed: false, arrive, released, release });
    return { arrived, release };
  }

  /** Accepted sends per Samband idempotency key (channelData.samband.idempotencyKey). */
  sendsPerKey(): Map<string, ConnectorCall[]> {
    const byKey = new Map<string, ConnectorCall[]>();
    for (const call of this.calls.filter((c) => c.kind === 'send' && c.status < 300)) {
      const key = String((call.body.channelData as { samband?: { idempotencyKey?: string } } | undefined)?.samband?.idempotencyKey ?? '');
      byKey.set(key, [...(byKey.get(key) ?? []), call]);
    }
    return byKey;
  }

  /** Successful calls of a kind, optionally to one conversation (root id, thread part ignored). */
  accepted(kind: ConnectorCall['kind'], conversationId?: string): ConnectorCall[] {
    return this.calls.filter((c) => c.kind === kind && c.status < 300
      && (conversationId === undefined || c.conversationId.split(';messageid=')[0] === conversationId));
  }

  /** Waits until `predicate` holds (the delivery worker sends in the background). */
  async waitFor<T>(predicate: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`fake connector: condition not met within ${timeoutMs} ms (${this.calls.length} calls)`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private checkCard(call: ConnectorCall): void {
    const card = cardOf(call);
    if (!card) return;
    this.cardsChecked += 1;
    const problems = adaptiveCardProblems(card);
    if (problems.length) this.cardProblems.push(`${call.kind} ${call.path}: ${problems.join('; ')}`);
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '/').split('?')[0];
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return answer(res, 404, { error: { code: 'NotFound', message: path } });
    const conversationId = parts[2] ?? '';
    const activityId = parts[4];
    const kind: ConnectorCall['kind'] = !conversationId ? 'create' : req.method === 'PUT' ? 'update' : activityId ? 'reply' : 'send';
    const call: ConnectorCall = {
      kind, method: req.method ?? '', path, conversationId, activityId,
      body: raw ? JSON.parse(raw) as Record<string, unknown> : {},
      bodyBytes: Buffer.byteLength(raw), authorization: req.headers.authorization, status: 200, at: Date.now(),
    };
    this.calls.push(call);
    this.checkCard(call);
    const failure = this.failures.find((f) => f.remaining > 0 && f.match(call));
    if (failure) {
      failure.remaining -= 1;
      call.status = failure.status;
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      res.end(JSON.stringify({ error: { code: 'Throttled', message: 'slow down' } }));
      return;
    }
    if (kind === 'update') {
      call.createdId = activityId;
      return answer(res, 200, { id: activityId });
    }
    call.createdId = kind === 'create' ? `a:created-${this.nextId++}` : String(this.nextId++);
    const held = this.holds.find((h) => !h.claimed && h.match(call));
    if (held) {
      held.claimed = true;
      held.arrive(call);
      await held.released;
    }
    answer(res, kind === 'create' ? 201 : 200, { id: call.createdId });
  }
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The Adaptive Card in a recorded activity, if any. */
export function cardOf(call: ConnectorCall): Record<string, any> | undefined {
  const attachments = call.body.attachments as Array<{ contentType: string; content: Record<string, any> }> | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** All text a card shows (text blocks and facts), for assertions on what people read. */
export function cardText(card: Record<string, any> | undefined): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'FactSet') for (const f of n.facts as Array<{ title: string; value: string }>) out.push(`${f.title}: ${f.value}`);
    for (const key of ['body', 'items', 'columns']) if (key in n) walk(n[key]);
  };
  walk(card?.body);
  return out.join('\n');
}

/** The titles of a card's buttons (top level). */
export function buttonTitles(card: Record<string, any> | undefined): string[] {
  return ((card?.actions ?? []) as Array<{ title: string }>).map((a) => a.title);
}
