import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost, type ConsoleMode } from './console-mode.ts';
import type { ConsoleSessions } from './sign-in/console-sessions.ts';

export const SESSION_COOKIE = 'samband_session';
/** Binds a sign-in under way to the browser that started it (its `state`), so nobody can finish it in another. */
export const SIGN_IN_COOKIE = 'samband_signin';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Who a request acts for: in `open` mode anyone (the persona in the request); with sign-in, the session's person. */
export interface RequestAccess {
  /** The signed-in person; undefined in open mode. */
  personId?: string;
  sessionId?: string;
  /** The token every form of this visitor carries. */
  csrf: string;
}

const accessOfRequest = new WeakMap<IncomingMessage, RequestAccess>();

/** The access the gate found for this request (set before any route runs). */
export function accessOf(req: IncomingMessage): RequestAccess {
  const access = accessOfRequest.get(req);
  if (!access) throw new Error('console request without access (the gate did not run)');
  return access;
}

export interface GateOptions {
  sessions?: ConsoleSessions;
  /** Cookies with `Secure` (the console is reached over HTTPS: every address but loopback). */
  secureCookies?: boolean;
  /** Believe the proxy's X-Forwarded-For for the client's address (failed sign-in limits per address). */
  trustProxy?: boolean;
}

/**
 * Who may use the console. Open mode answers only this machine (see hostAllowed). Sign-in mode wants a live
 * server-side session. Every POST carries the visitor's CSRF token (a hidden field in each form, so the console works
 * without JavaScript, where Chromium sends `Origin: null` under `Referrer-Policy: no-referrer`).
 */
export class ConsoleGate {
  /** Open mode has no sessions: its CSRF token is derived from a key made at start (pages from before a restart are refused). */
  private readonly openKey = randomBytes(32);

  constructor(private readonly mode: Exclude<ConsoleMode, { kind: 'off' }>, private readonly options: GateOptions = {}) {
    if (mode.kind === 'signin' && !options.sessions) throw new Error('sign-in mode needs sessions');
  }

  get requiresLogin(): boolean {
    return this.mode.kind === 'signin';
  }

  get sessions(): ConsoleSessions | undefined {
    return this.options.sessions;
  }

  /**
   * In open mode: the request comes from this machine itself. The Host header must name this machine (no DNS
   * rebinding), the connection must come from a loopback address (a Host header is no access control), and it must
   * not have passed a proxy (a proxy on this machine would otherwise bring the whole network in).
   */
  hostAllowed(req: IncomingMessage): boolean {
    if (this.mode.kind === 'signin') return true;
    const host = hostName(req.headers.host ?? '');
    const forwarded = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'].some((h) => req.headers[h] !== undefined);
    return LOOPBACK.has(host) && isLoopbackHost(req.socket.remoteAddress ?? '') && !forwarded;
  }

  /** Finds who the request acts for and remembers it for the routes; null when a session is needed and missing. */
  async identify(req: IncomingMessage): Promise<RequestAccess | null> {
    let access: RequestAccess | null;
    if (this.mode.kind === 'open') {
      access = { csrf: createHmac('sha256', this.openKey).update('samband-open-console-csrf').digest('base64url') };
    } else {
      const token = cookiesOf(req)[SESSION_COOKIE];
      const check = token ? await this.options.sessions!.check(token) : undefined;
      access = check?.ok ? { personId: check.session.personId, sessionId: check.session.id, csrf: check.session.csrfToken } : null;
    }
    if (access) accessOfRequest.set(req, access);
    return access;
  }

  /**
   * A state-changing request may go ahead: it carries this visitor's CSRF token (form field `csrf` or header
   * `X-CSRF-Token`). In open mode a client that is not a browser (no Origin, no Sec-Fetch-Site: curl, scripts on this
   * machine) needs none: no other web site can make a request without them.
   */
  postAllowed(req: IncomingMessage, body: unknown, access: RequestAccess): boolean {
    const field = (body as { csrf?: unknown } | null)?.csrf;
    const header = req.headers['x-csrf-token'];
    const given = typeof field === 'string' ? field : typeof header === 'string' ? header : undefined;
    if (given !== undefined) return sameText(given, access.csrf);
    if (this.mode.kind === 'signin') return false;
    return req.headers.origin === undefined && req.headers['sec-fetch-site'] === undefined;
  }

  /** The client's address, for failed sign-in limits: the proxy's X-Forwarded-For (last hop) only when trusted. */
  clientAddress(req: IncomingMessage): string {
    const forwarded = req.headers['x-forwarded-for'];
    if (this.options.trustProxy && typeof forwarded === 'string') {
      const hops = forwarded.split(',').map((h) => h.trim()).filter(Boolean);
      if (hops.length > 0) return hops[hops.length - 1];
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  /** The session cookie: random token, HttpOnly, SameSite=Lax (the provider's redirect back is a top-level GET), Secure off loopback. */
  sessionCookie(token: string, maxAgeSeconds: number): string {
    return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSeconds}${this.secure}`;
  }

  clearSessionCookie(): string {
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${this.secure}`;
  }

  signInCookie(state: string): string {
    return `${SIGN_IN_COOKIE}=${state}; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=600${this.secure}`;
  }

  clearSignInCookie(): string {
    return `${SIGN_IN_COOKIE}=; Path=/auth; HttpOnly; SameSite=Lax; Max-Age=0${this.secure}`;
  }

  private get secure(): string {
    return this.options.secureCookies ? '; Secure' : '';
  }
}

function hostName(hostHeader: string): string {
  const text = hostHeader.trim().toLowerCase();
  if (text.startsWith('[')) return text.slice(0, text.indexOf(']') + 1);
  return text.split(':')[0];
}

/** The request's cookies by name (a malformed value is skipped, not an error). */
export function cookiesOf(req: IncomingMessage): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    try {
      cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      // Not ours: a cookie Samband set is plain base64url.
    }
  }
  return cookies;
}
