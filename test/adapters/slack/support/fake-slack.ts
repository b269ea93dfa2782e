import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake Slack received: a Web API method, or a post to a response_url. */
export interface SlackCall {
  method: string;
  /** Request path (response_url calls are told apart by it). */
  path: string;
  token?: string;
  params: Record<string, any>;
  status: number;
  /** What the fake answered. */
  response: Record<string, any>;
  at: number;
}

/** What a scripted answer may return instead of the default: another body, or an HTTP status with headers. */
export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  body?: Record<string, unknown>;
}

/** A message as Slack keeps it in a conversation (what conversations.history and .replies return). */
export interface FakeMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  bot_id: string;
}

/** A request the fake keeps without answering until it is released (a kill can land while a send is in flight). */
export interface HeldCall {
  /** Resolves with the call once one arrives (it is already recorded, and a post already stored). */
  arrived: Promise<SlackCall>;
  /** Answers the held request (if its client is still there). */
  release(): void;
}

export interface FakeUser {
  locale?: string;
  email?: string;
}

/**
 * A local stand-in for Slack's Web API (`/api/<method>`) and its response URLs (`/response/<id>`), recording every
 * call. Answers are Slack-shaped defaults, overridable per method by `script`.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly users = new Map<string, FakeUser>();
  /** Bot token -> workspace it belongs to (auth.test, oauth). */
  readonly tokens = new Map<string, { team: string; botUser: string; botId: string }>();
  /** OAuth codes -> the workspace an install with that code lands in. */
  readonly oauthCodes = new Map<string, { team: string; token: string }>();
  readonly latencyMs = new Map<string, number>();
  /** Channels that are Slack Connect channels (conversations.info `is_ext_shared`). */
  readonly sharedChannels = new Set<string>();
  socketUrl = '';
  private readonly scripts: Array<{ method: string; answer: (call: SlackCall) => FakeAnswer | undefined }> = [];
  /** Messages posted, per conversation id, oldest first. */
  readonly messages = new Map<string, FakeMessage[]>();
  private readonly holds: Array<{ method: string; match: (call: SlackCall) => boolean; claimed: boolean; arrive: (call: SlackCall) => void; released: Promise<void>; release: () => void }> = [];
  /** The HTTP server, for a WebSocket endpoint (Socket Mode) on the same port. */
  server: Server | undefined;
  /** Last `ts` given, in microseconds: Slack's ts is the post's wall-clock time (seconds.micros), always increasing. */
  private ts = 0;
  url = '';

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string): string {
    return `${this.url}/response/${id}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const held of this.holds) held.release();
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  /** Answers calls of `method` with `answer` while it returns something; undefined falls through to the default. */
  script(method: string, answer: (call: SlackCall) => FakeAnswer | undefined): void {
    this.scripts.push({ method, answer });
  }

  /**
   * Holds the next call of `method` that `match`es: it is recorded and takes effect (a post is stored, as Slack
   * stores it before answering), but the answer waits until `release()`, or for ever when the caller is killed.
   */
  hold(method: string, match: (call: SlackCall) => boolean = () => true): HeldCall {
    let arrive!: (call: SlackCall) => void;
    let release!: () => void;
    const arrived = new Promise<SlackCall>((resolve) => { arrive = resolve; });
    const released = new Promise<void>((resolve) => { release = resolve; });
    this.holds.push({ method, match, claimed: false, arrive, released, release });
    return { arrived, release };
  }

  /** Accepted chat.postMessage calls per idempotency key (from the message metadata). */
  postsPerKey(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const call of this.of('chat.postMessage')) {
      const key = String(call.params.metadata?.event_payload?.idempotency_key ?? '');
      if (call.response.ok !== false) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }

  of(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Posts made to one response_url. */
  repliesTo(responseUrl: string | undefined): SlackCall[] {
    return this.calls.filter((c) => c.method === 'response_url' && `${this.url}${c.path}` === responseUrl);
  }

  /** Polls until `pick` returns something, or fails after `timeoutMs`. */
  async waitFor<T>(pick: () => T | undefined | false, timeoutMs = 10_000, what = 'a Slack call'): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = pick();
      if (found) return found;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0];
    const method = path.startsWith('/response/') ? 'response_url' : path.replace(/^\/api\//, '');
    const params = parseBody(raw, String(req.headers['content-type'] ?? ''));
    const auth = String(req.headers.authorization ?? '');
    const call: SlackCall = { method, path, token: auth.startsWith('Bearer ') ? auth.slice(7) : params.token, params, status: 200, response: {}, at: Date.now() };
    // Recorded on arrival (a slow answer still counts as a call made now); status and response once answered.
    this.calls.push(call);
    const delay = this.latencyMs.get(method);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const scripted = this.scripts.filter((s) => s.method === method).map((s) => s.answer(call)).find(Boolean);
    const answer = scripted ?? { body: this.defaultAnswer(call) };
    call.status = answer.status ?? 200;
    call.response = answer.body ?? { ok: call.status === 200 };
    const held = this.holds.find((h) => !h.claimed && h.method === method && h.match(call));
    if (held) {
      held.claimed = true;
      held.arrive(call);
      await held.released;
    }
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(call.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(call.response));
  }

  /**
   * conversations.history (top-level messages, newest first) and conversations.replies (a thread: parent, then its
   * replies, oldest first), as Slack answers them: `oldest`/`latest` exclusive unless `inclusive`, `limit` with a
   * `next_cursor`, and message metadata only when `include_all_metadata` is set.
   */
  private history(call: SlackCall): Record<string, unknown> {
    const p = call.params;
    if (!p.channel) return { ok: false, error: 'channel_not_found' };
    // Any channel id names a conversation here; one nobody posted in has no messages yet.
    const inConversation = this.messages.get(String(p.channel)) ?? [];
    const replies = call.method === 'conversations.replies';
    const after = (ts: string, bound: unknown) => bound === undefined || bound === '' || (truthy(p.inclusive) ? Number(ts) >= Number(bound) : Number(ts) > Number(bound));
    const before = (ts: string, bound: unknown) => bound === undefined || bound === '' || (truthy(p.inclusive) ? Number(ts) <= Number(bound) : Number(ts) < Number(bound));
    let list = inConversation.filter((m) => (replies
      ? m.ts === String(p.ts) || m.thread_ts === String(p.ts)
      : !m.thread_ts || m.thread_ts === m.ts));
    if (replies && list.length === 0) return { ok: false, error: 'thread_not_found' };
    list = list.filter((m) => (replies && m.ts === String(p.ts)) || (after(m.ts, p.oldest) && before(m.ts, p.latest)));
    if (!replies) list = [...list].reverse();
    const start = p.cursor ? Number(Buffer.from(String(p.cursor), 'base64').toString('utf8')) : 0;
    const limit = Math.min(Number(p.limit ?? 100) || 100, 1000);
    const page = list.slice(start, start + limit);
    const more = start + limit < list.length;
    return {
      ok: true,
      messages: page.map((m) => ({
        type: 'message', subtype: 'bot_message', text: m.text, ts: m.ts, bot_id: m.bot_id, blocks: m.blocks,
        ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
        ...(m.metadata && truthy(p.include_all_metadata) ? { metadata: m.metadata } : {}),
      })),
      has_more: more,
      ...(replies ? {} : { pin_count: 0 }),
      response_metadata: { next_cursor: more ? Buffer.from(String(start + limit)).toString('base64') : '' },
    };
  }

  private defaultAnswer(call: SlackCall): Record<string, unknown> {
    const p = call.params;
    const nextTs = () => {
      this.ts = Math.max(this.ts + 100, Date.now() * 1000);
      return `${String(this.ts).slice(0, 10)}.${String(this.ts).slice(10)}`;
    };
    switch (call.method) {
      case 'auth.test': {
        const who = this.tokens.get(call.token ?? '');
        return who ? { ok: true, team_id: who.team, user_id: who.botUser, bot_id: who.botId, url: 'https://example.slack.com/' } : { ok: false, error: 'invalid_auth' };
      }
      case 'chat.postMessage': {
        const channel = dmOf(String(p.channel));
        const message: FakeMessage = {
          channel, ts: nextTs(), text: p.text, blocks: p.blocks, bot_id: this.tokens.get(call.token ?? '')?.botId ?? 'B0BOT',
          ...(p.thread_ts ? { thread_ts: String(p.thread_ts) } : {}),
          ...(p.metadata && typeof p.metadata === 'object' ? { metadata: p.metadata } : {}),
        };
        this.messages.set(channel, [...(this.messages.get(channel) ?? []), message]);
        return { ok: true, channel, ts: message.ts, message: { text: p.text } };
      }
      case 'conversations.open': {
        const user = String(p.users ?? '').split(',')[0];
        return user ? { ok: true, channel: { id: dmOf(user) } } : { ok: false, error: 'invalid_arguments' };
      }
      case 'conversations.history':
      case 'conversations.replies':
        return this.history(call);
      case 'conversations.info': {
        const channel = String(p.channel ?? '');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        return { ok: true, channel: { id: channel, is_channel: true, is_ext_shared: this.sharedChannels.has(channel), is_pending_ext_shared: false } };
      }
      case 'chat.update':
        return { ok: true, channel: p.channel, ts: p.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'views.open':
        return { ok: true, view: { id: `V${this.calls.length}` } };
      case 'users.info': {
        const user = this.users.get(String(p.user));
        return user ? { ok: true, user: { id: p.user, locale: user.locale, profile: { email: user.email } } } : { ok: false, error: 'user_not_found' };
      }
      case 'oauth.v2.access': {
        const grant = this.oauthCodes.get(String(p.code));
        if (!grant) return { ok: false, error: 'invalid_code' };
        const bot = this.tokens.get(grant.token);
        return {
          ok: true, access_token: grant.token, token_type: 'bot', scope: 'commands,chat:write', bot_user_id: bot?.botUser ?? 'U0BOT',
          app_id: 'A0SAMBAND', team: { id: grant.team, name: grant.team }, enterprise: null, is_enterprise_install: false,
          authed_user: { id: 'U0INSTALLER' },
        };
      }
      case 'apps.connections.open':
        return { ok: true, url: this.socketUrl };
      default:
        return { ok: true };
    }
  }
}

/** Slack posts to a user id in the DM with that user: the fake's DM id is the user id with a D. */
function dmOf(channel: string): string {
  return channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
}

function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

function parseBody(raw: string, contentType: string): Record<string, any> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw);
  const params: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    params[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return params;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
