import { z } from 'zod';

/**
 * One identity provider the console accepts (each agency may bring its own). `claim` says which claim of the ID token
 * names the person: `email` matches a person's configured `email`; `sub` and `oid` match a person's identity
 * `{ platform: web, workspace: <issuer id>, user: <claim value> }` in the deployment file.
 */
export const issuerSettingsSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lowercase id (a-z, 0-9, ".", "_", "-")'),
  /** What the sign-in page's button says, e.g. "Polisen (Microsoft Entra ID)". */
  label: z.string().trim().min(1).max(120),
  issuer: z.url(),
  clientId: z.string().min(1),
  clientSecret: z.string().min(1).optional(),
  claim: z.enum(['sub', 'oid', 'email']).default('sub'),
  /** Where the provider sends the browser back; default `<SAMBAND_PUBLIC_URL>/auth/callback`. */
  redirectUrl: z.url().optional(),
  /** Extra scopes besides `openid` (e.g. `email` when `claim` is email). */
  scopes: z.array(z.string().regex(/^[\x21-\x7e]+$/)).default(['email', 'profile']),
});

export type IssuerSettings = z.infer<typeof issuerSettingsSchema>;

export const issuerListSchema = z.array(issuerSettingsSchema).min(1).refine(
  (list) => new Set(list.map((i) => i.id)).size === list.length, 'issuer ids must be unique',
);

/** Session lifetimes and the failed-sign-in limit (SAMBAND_SESSION_* and SAMBAND_SIGNIN_MAX_FAILURES). */
export interface SessionSettings {
  idleMinutes: number;
  maxHours: number;
  /** Failed sign-ins per identity within the window; an address (IP) may have four times as many. */
  maxFailures: number;
  failureWindowMinutes: number;
}

/** Everything the console needs to sign people in. */
export interface SignInSettings {
  issuers: IssuerSettings[];
  /** The console's public address, e.g. https://samband.example.org (no trailing slash). */
  publicUrl: string;
  sessions: SessionSettings;
  /** Cookies with `Secure` (every address but loopback). */
  secureCookies: boolean;
  /** Believe X-Forwarded-For from the proxy in front (SAMBAND_TRUST_PROXY). */
  trustProxy: boolean;
}

/** Parses SAMBAND_OIDC_ISSUERS (a JSON list); the message names what is wrong. */
export function parseIssuers(json: string): IssuerSettings[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('SAMBAND_OIDC_ISSUERS: not valid JSON (expected a list of {id, label, issuer, clientId, clientSecret, claim})');
  }
  const parsed = issuerListSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(`SAMBAND_OIDC_ISSUERS: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(list)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
