import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../../src/core/ports/clock.port.ts';
import type { RevokeReason, SignInRequestRecord, WebSessionRecord, WebSessionStore } from './web-session-store.port.ts';
import type { SessionSettings } from './sign-in.types.ts';

const MINUTE = 60_000;
/** A sign-in under way must come back from the provider within this time. */
export const SIGN_IN_REQUEST_MINUTES = 10;
/** The idle deadline moves on at most this often (one write per minute per session, not one per request). */
const TOUCH_EVERY_MS = MINUTE;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const randomToken = () => randomBytes(32).toString('base64url');

/** A live session and whether it is still good; `reason` says why not (for the log and the page, never personal). */
export type SessionCheck = { ok: true; session: WebSessionRecord } | { ok: false; reason: 'unknown' | 'revoked' | 'idle' | 'expired' };

/**
 * Server-side console sessions. The cookie holds a random token; the database holds its hash, the person, a CSRF
 * token and the deadlines: idle (moved on by use) and absolute (fixed at sign-in). A session ends when the person
 * signs out, an admin revokes it, the person is deactivated, or a deadline passes; every request checks it afresh,
 * so an ended session is refused at once, on every replica.
 */
export class ConsoleSessions {
  constructor(private readonly store: WebSessionStore, private readonly clock: Clock, readonly settings: SessionSettings) {}

  /** Starts a session for a person who signed in; returns the cookie's token. */
  async start(personId: string, issuer: string): Promise<{ token: string; session: WebSessionRecord }> {
    const token = randomToken();
    const now = this.clock.now();
    const session: WebSessionRecord = {
      id: sha256(token), personId, issuer, csrfToken: randomToken(), createdAt: now, lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.settings.maxHours * 60 * MINUTE), revokedAt: null,
    };
    await this.store.create(session);
    return { token, session };
  }

  /** The session behind a cookie token, if it is still good; touches it. */
  async check(token: string): Promise<SessionCheck> {
    const result = await this.checkId(sha256(token));
    if (result.ok && this.clock.now().getTime() - result.session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
      await this.store.touch(result.session.id, this.clock.now());
    }
    return result;
  }

  /** The same check by session id (an open event stream re-checks its session before each event). */
  async checkId(id: string): Promise<SessionCheck> {
    const session = await this.store.find(id);
    if (!session) return { ok: false, reason: 'unknown' };
    const now = this.clock.now().getTime();
    if (session.revokedAt) return { ok: false, reason: 'revoked' };
    if (session.expiresAt.getTime() <= now) return { ok: false, reason: 'expired' };
    if (session.lastSeenAt.getTime() + this.settings.idleMinutes * MINUTE <= now) return { ok: false, reason: 'idle' };
    return { ok: true, session };
  }

  /** Ends sessions with their audit events; see WebSessionStore.revoke. */
  revoke(target: { id: string } | { personId: string } | { all: true }, reason: RevokeReason, actorId: string): Promise<number> {
    return this.store.revoke(target, reason, actorId, this.clock.now());
  }

  /** Keeps a sign-in under way (see WebSessionStore.saveRequest). */
  saveRequest(request: Omit<SignInRequestRecord, 'createdAt'>): Promise<void> {
    return this.store.saveRequest({ ...request, createdAt: this.clock.now() });
  }

  /** Takes a sign-in under way out, once, if it is recent enough. */
  async takeRequest(state: string): Promise<SignInRequestRecord | null> {
    const request = await this.store.takeRequest(state);
    if (!request) return null;
    return this.clock.now().getTime() - request.createdAt.getTime() <= SIGN_IN_REQUEST_MINUTES * MINUTE ? request : null;
  }

  /** Keys under which failures are counted: the address and, when known, the identity (both hashed: no personal data). */
  failureKeys(ip: string, identity?: string): string[] {
    return [`ip:${sha256(ip)}`, ...(identity ? [`identity:${sha256(identity)}`] : [])];
  }

  /** True when the address, or the identity, has failed too often within the window. */
  async limited(keys: string[]): Promise<boolean> {
    const since = new Date(this.clock.now().getTime() - this.settings.failureWindowMinutes * MINUTE);
    for (const key of keys) {
      const limit = key.startsWith('ip:') ? this.settings.maxFailures * 4 : this.settings.maxFailures;
      if (await this.store.failuresSince(key, since) >= limit) return true;
    }
    return false;
  }

  recordFailure(keys: string[], reason: string): Promise<void> {
    return this.store.recordFailure(keys, reason, this.clock.now());
  }

  /** Housekeeping: forgets expired sessions, abandoned sign-ins and failures older than the window. */
  prune(): Promise<void> {
    const now = this.clock.now().getTime();
    return this.store.prune({
      sessions: new Date(now),
      requests: new Date(now - SIGN_IN_REQUEST_MINUTES * MINUTE),
      failures: new Date(now - this.settings.failureWindowMinutes * MINUTE),
    });
  }
}
