/** A signed-in console session as stored (the cookie's token is never stored: `id` is its SHA-256). */
export interface WebSessionRecord {
  id: string;
  personId: string;
  issuer: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** What the callback needs to finish a sign-in it started (PKCE verifier and nonce), keyed by `state`. */
export interface SignInRequestRecord {
  state: string;
  issuer: string;
  codeVerifier: string;
  nonce: string;
  createdAt: Date;
}

/** Why a session ended: the person signed out, an admin revoked it, or the person is no longer configured. */
export type RevokeReason = 'signed_out' | 'revoked' | 'person_inactive';

/**
 * Where console sessions, sign-ins under way and failed sign-ins are kept (the `web_session`, `web_sign_in_request`
 * and `web_sign_in_failure` tables; implemented on Prisma in src/infra/web). Every change to a session writes its
 * audit event in the same transaction.
 */
export interface WebSessionStore {
  /** Stores a new session and its `web.signed_in` audit event. */
  create(session: Omit<WebSessionRecord, 'revokedAt'>): Promise<void>;
  /** The session with this id, revoked or not; null when there is none. */
  find(id: string): Promise<WebSessionRecord | null>;
  /** Moves the idle deadline on (a write at most now and then, not on every request). */
  touch(id: string, at: Date): Promise<void>;
  /**
   * Ends one session (`id`) or every live session of a person (`personId`), or all live sessions, with its audit
   * event (`web.signed_out` or `web.session_revoked`). Returns how many sessions it ended.
   */
  revoke(target: { id: string } | { personId: string } | { all: true }, reason: RevokeReason, actorId: string, at: Date): Promise<number>;
  /** Keeps a sign-in under way until its callback (or until it is too old). */
  saveRequest(request: SignInRequestRecord): Promise<void>;
  /** Takes a sign-in under way out (once: a replayed callback finds nothing). */
  takeRequest(state: string): Promise<SignInRequestRecord | null>;
  /** Records a failed sign-in under each of its keys (hashed IP, hashed identity). */
  recordFailure(keys: string[], reason: string, at: Date): Promise<void>;
  /** How many failures a key has since `since`. */
  failuresSince(key: string, since: Date): Promise<number>;
  /** Deletes sessions expired before `sessions`, sign-ins started before `requests`, failures before `failures`. */
  prune(cutoffs: { sessions: Date; requests: Date; failures: Date }): Promise<void>;
}
