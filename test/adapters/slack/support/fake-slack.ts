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
  socketUrl = '';
  private readonly scripts: Array<{ method: string; answer: (call: SlackCall) => FakeAnswer | undefined }> = [];
  /** The HTTP server, for a WebSocket endpoint (Socket Mode) on the same port. */
  server: Server | undefined;
  private ts = 1_700_000_000_000_100;
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
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  /** Answers calls of `method` with `answer` while it returns something; undefined falls through to the default. */
  script(method: string, answer: (call: SlackCall) => FakeAnswer | undefined): void {
    this.scripts.push({ method, answer });
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
    res.writeHead(call.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(call.response));
  }

  private defaultAnswer(call: SlackCall): Record<string, unknown> {
    const p = call.params;
    const nextTs = () => { this.ts += 100; return `${String(this.ts).slice(0, 10)}.${String(this.ts).slice(10)}`; };
    switch (call.method) {
      case 'auth.test': {
        const who = this.tokens.get(call.token ?? '');
        return who ? { ok: true, team_id: who.team, user_id: who.botUser, bot_id: who.botId, url: 'https://example.slack.com/' } : { ok: false, error: 'invalid_auth' };
      }
      case 'chat.postMessage': {
        const channel = String(p.channel).startsWith('U') ? `D${String(p.channel).slice(1)}` : String(p.channel);
        return { ok: true, channel, ts: nextTs(), message: { text: p.text } };
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
