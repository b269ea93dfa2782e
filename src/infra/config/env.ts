import { z } from 'zod';

const flag = z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => v === 'on' || v === 'true' || v === '1');

/** Every environment variable Samband reads, validated once at start. The README lists the same set. */
export const envSchema = z.object({
  NODE_ENV: z.string().default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  SAMBAND_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  SAMBAND_CONFIG: z.string().optional(),
  SAMBAND_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** GeoJSON outlines of the deployment's areas for the area picture; default: the bundled example districts. */
  SAMBAND_AREA_OUTLINES: z.string().optional(),
  SAMBAND_WEB_CONSOLE: flag.optional(),
  /** Identity providers for the console's sign-in: a JSON list (see README, "Signing in to the web console"). */
  SAMBAND_OIDC_ISSUERS: z.string().min(2).optional(),
  /** The console's address as browsers see it (https://samband.example.org); the sign-in callback is below it. */
  SAMBAND_PUBLIC_URL: z.url().transform((u) => u.replace(/\/+$/, '')).optional(),
  /** A signed-in session ends after this many minutes without a request. */
  SAMBAND_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** ... and this many hours after sign-in, however active. */
  SAMBAND_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  /** Failed sign-ins per account within the window before sign-in is refused (an address may have four times as many). */
  SAMBAND_SIGNIN_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  SAMBAND_SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  /** Believe X-Forwarded-For from the reverse proxy in front (only when every request passes through it). */
  SAMBAND_TRUST_PROXY: flag.optional(),
  SAMBAND_DELIVERY_LEASE_MS: z.coerce.number().int().positive().default(60_000),
  /** How long a process may hold a received request before another takes it (it is presumed dead). */
  SAMBAND_INBOX_LEASE_MS: z.coerce.number().int().positive().default(60_000),
  /** Folder of the local spool that keeps requests while the database is away; default <SAMBAND_DATA_DIR>/spool. */
  SAMBAND_SPOOL_DIR: z.string().optional(),
  /** Folder outside the database where signed audit checkpoints are written (and read by `audit verify`). */
  SAMBAND_CHECKPOINT_DIR: z.string().optional(),
  SAMBAND_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
  /** Ed25519 private key that signs checkpoints (PEM, or base64 PKCS#8 DER); kept outside the database. */
  SAMBAND_AUDIT_KEY: z.string().min(1).optional(),
  /** Its public half (PEM, or base64 SPKI DER), enough for `audit verify` on a machine that must not sign. */
  SAMBAND_AUDIT_PUBLIC_KEY: z.string().min(1).optional(),
  /** AES-256-GCM key (32 bytes, base64 or hex) for secrets stored in the database (Slack OAuth bot tokens). */
  SAMBAND_SECRET_KEY: z.string().min(1).optional(),
  /** Earlier keys, comma-separated: they still open what `samband secrets rotate` has not re-sealed yet. */
  SAMBAND_SECRET_KEY_PREVIOUS: z.string().min(1).optional(),
  SAMBAND_ESCALATION_INTERVAL_MS: z.coerce.number().int().positive().default(15_000),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().min(1).optional(),
  SLACK_CLIENT_ID: z.string().min(1).optional(),
  SLACK_CLIENT_SECRET: z.string().min(1).optional(),
  SLACK_STATE_SECRET: z.string().min(1).optional(),
  SLACK_API_URL: z.string().url().optional(),
  /** Least time between two posts to one Slack channel; Slack allows about one a second. Tests of a fake Slack set 0. */
  SLACK_POST_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  MICROSOFT_APP_ID: z.string().min(1).optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  TEAMS_ALLOWED_TENANTS: z.string().optional(),
  /**
   * Several bot registrations, one per agency's tenant, as JSON: `[{"tenantId","appId","password"} or
   * {"tenantId","appId","certificatePath"}]`. Replaces MICROSOFT_APP_*; checked in src/cli/teams-registrations.ts.
   */
  TEAMS_BOTS: z.string().optional(),
  /** Teams endpoint on/off; unset means on when MICROSOFT_APP_ID is set. `on` without an app id is local use only. */
  SAMBAND_TEAMS: flag.optional(),
});

export type SambandEnv = z.infer<typeof envSchema>;

/** Reads and checks the environment; a wrong value stops the start with the variable's name. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): SambandEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
