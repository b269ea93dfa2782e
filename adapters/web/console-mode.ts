/** What the start-up environment says about the console (read by the composition root, checked there by zod). */
export interface ConsoleSettings {
  nodeEnv: string;
  /** SAMBAND_WEB_CONSOLE: true (on), false (off) or undefined (default). */
  enabled?: boolean;
  /** SAMBAND_WEB_SECRET. */
  secret?: string;
  /** Slack or Teams credentials are configured: this is a real deployment. */
  hasChatCredentials: boolean;
  /** HOST, the address the server binds to. */
  host: string;
}

/** Addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
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
  if (!server) {
    if (settings.secret) return { kind: 'secret', secret: settings.secret };
    // The open console lets anyone who reaches it act as any person: only this machine may reach it.
    if (!isLoopbackHost(settings.host)) {
      throw new Error(`HOST=${settings.host}: the open web console (any persona, no sign-in) runs only on a loopback address `
        + '(127.0.0.1, localhost, ::1). Set SAMBAND_WEB_SECRET, or SAMBAND_WEB_CONSOLE=off, to bind to another address.');
    }
    return { kind: 'open' };
  }
  if (settings.enabled !== true) {
    return { kind: 'off', reason: settings.nodeEnv === 'production' ? 'NODE_ENV=production' : 'chat credentials are configured' };
  }
  if (!settings.secret) {
    throw new Error('SAMBAND_WEB_CONSOLE=on with NODE_ENV=production or chat credentials needs SAMBAND_WEB_SECRET (at least 16 characters)');
  }
  return { kind: 'secret', secret: settings.secret };
}
