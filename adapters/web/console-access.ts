import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHost, type ConsoleMode } from './console-mode.ts';

export const SESSION_COOKIE = 'samband_console';
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * Who may use the console. Open mode answers only requests addressed to a loopback host (a web page elsewhere cannot
 * reach it through DNS rebinding); secret mode wants the shared secret as a session cookie or a bearer token. Every
 * POST must come from the console's own pages (Origin / Sec-Fetch-Site), so another site cannot act for a visitor.
 */
export class ConsoleGate {
  private readonly token: string | undefined;

  constructor(private readonly mode: Exclude<ConsoleMode, { kind: 'off' }>) {
    this.token = mode.kind === 'secret' ? createHmac('sha256', mode.secret).update('samband-web-console-session-v1').digest('hex') : undefined;
  }

  get requiresLogin(): boolean {
    return this.mode.kind === 'secret';
  }

  /**
   * In open mode: the request comes from this machine itself. The Host header must name this machine (no DNS
   * rebinding), the connection must come from a loopback address (a Host header is no access control), and it must
   * not have passed a proxy (a proxy on this machine would otherwise bring the whole network in).
   */
  hostAllowed(req: IncomingMessage): boolean {
    if (this.mode.kind === 'secret') return true;
    const host = hostName(req.headers.host ?? '');
    const forwarded = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via'].some((h) => req.headers[h] !== undefined);
    return LOOPBACK.has(host) && isLoopbackHost(req.socket.remoteAddress ?? '') && !forwarded;
  }

  /** The visitor presented the secret (cookie from the login form, or `Authorization: Bearer <secret>`). */
  authenticated(req: IncomingMessage): boolean {
    if (this.mode.kind !== 'secret') return true;
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer && this.secretMatches(bearer)) return true;
    const cookie = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
    return cookie !== undefined && sameText(cookie, this.token!);
  }

  secretMatches(candidate: string): boolean {
    return this.mode.kind === 'secret' && sameText(candidate, this.mode.secret);
  }

  /** The Set-Cookie header after a successful login: HttpOnly, SameSite=Strict, Secure behind HTTPS. */
  sessionCookie(req: IncomingMessage): string {
    const secure = req.headers['x-forwarded-proto'] === 'https' || (req.socket as { encrypted?: boolean }).encrypted ? '; Secure' : '';
    return `${SESSION_COOKIE}=${this.token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=43200${secure}`;
  }

  clearCookie(): string {
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
  }

  /** A state-changing request from the console's own origin (or from a non-browser client, which sends no Origin). */
  sameOrigin(req: IncomingMessage): boolean {
    const site = req.headers['sec-fetch-site'];
    if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return false;
    const origin = req.headers.origin;
    if (!origin) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }
}

function hostName(hostHeader: string): string {
  const text = hostHeader.trim().toLowerCase();
  if (text.startsWith('[')) return text.slice(0, text.indexOf(']') + 1);
  return text.split(':')[0];
}

function parseCookies(header: string): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) cookies[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
  }
  return cookies;
}
