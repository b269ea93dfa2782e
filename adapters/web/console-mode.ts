/** What the start-up environment says about the console (read by the composition root, checked there by zod). */
export interface ConsoleSettings {
  nodeEnv: string;
  /** SAMBAND_WEB_CONSOLE: true (on), false (off) or undefined (default). */
  enabled?: boolean;
  /** SAMBAND_WEB_SECRET. */
  secret?: string;
  /** Slack or Teams credentials are configured: this is a real deployment. */
  hasChatCredentials: boolean;
}

/**
 * `open`: anyone who reaches the port may act as any demo persona (local use; bound to 127.0.0.1 by default).
 * `secret`: the same, after presenting the shared secret. `off`: no console routes at all.
 */
export type ConsoleMode = { kind: 'open' } | { kind: 'secret'; secret: string } | { kind: 'off'; reason: string };

/**
 * Decides whether the console runs. On by default for local use; off in production or beside real chat credentials,
 * unless explicitly switched on with a shared secret. Switching it on there without a secret is a configuration error:
 * an open console would let anyone act as anyone.
 */
export function decideConsoleMode(settings: ConsoleSettings): ConsoleMode {
  const server = settings.nodeEnv === 'production' || settings.hasChatCredentials;
  if (settings.enabled === false) return { kind: 'off', reason: 'SAMBAND_WEB_CONSOLE=off' };
  if (!server) return settings.secret ? { kind: 'secret', secret: settings.secret } : { kind: 'open' };
  if (settings.enabled !== true) {
    return { kind: 'off', reason: settings.nodeEnv === 'production' ? 'NODE_ENV=production' : 'chat credentials are configured' };
  }
  if (!settings.secret) {
    throw new Error('SAMBAND_WEB_CONSOLE=on with NODE_ENV=production or chat credentials needs SAMBAND_WEB_SECRET (at least 16 characters)');
  }
  return { kind: 'secret', secret: settings.secret };
}
