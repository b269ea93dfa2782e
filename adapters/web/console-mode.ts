/** What the start-up environment says about the console (read by the composition root, checked there by zod). */
export interface ConsoleSettings {
  nodeEnv: string;
  /** SAMBAND_WEB_CONSOLE: true (on), false (off) or undefined (default). */
  enabled?: boolean;
  /** SAMBAND_OIDC_ISSUERS is set: people sign in with their agency's identity provider. */
  signIn: boolean;
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
 * `open`: the local demo; anyone on this machine may act as any persona (loopback only). `signin`: each person signs in
 * with OpenID Connect and acts as themselves only. `off`: no console routes at all.
 */
export type ConsoleMode = { kind: 'open' } | { kind: 'signin' } | { kind: 'off'; reason: string };

const OPEN_OFF_LOOPBACK = (host: string) => `HOST=${host}: utan inloggning körs webbkonsolen bara på en loopback-adress `
  + '(127.0.0.1, localhost, ::1). Konfigurera inloggning (SAMBAND_OIDC_ISSUERS) eller stäng av konsolen (SAMBAND_WEB_CONSOLE=off). / '
  + `HOST=${host}: without sign-in the web console runs only on a loopback address (127.0.0.1, localhost, ::1). `
  + 'Configure sign-in (SAMBAND_OIDC_ISSUERS) or switch the console off (SAMBAND_WEB_CONSOLE=off).';

/**
 * Decides whether the console runs and how. With sign-in configured it runs, on any address. Without, the persona
 * switcher (anyone may act as anyone) is for the local demo only: on by default on a loopback address, and `start`
 * refuses another address. In production or beside real chat credentials the console is off unless sign-in is set up.
 */
export function decideConsoleMode(settings: ConsoleSettings): ConsoleMode {
  const server = settings.nodeEnv === 'production' || settings.hasChatCredentials;
  if (settings.enabled === false) return { kind: 'off', reason: 'SAMBAND_WEB_CONSOLE=off' };
  if (settings.signIn) return { kind: 'signin' };
  if (server) {
    if (settings.enabled === true) {
      throw new Error('SAMBAND_WEB_CONSOLE=on med NODE_ENV=production eller chattuppgifter kräver inloggning (SAMBAND_OIDC_ISSUERS). / '
        + 'SAMBAND_WEB_CONSOLE=on with NODE_ENV=production or chat credentials needs sign-in (SAMBAND_OIDC_ISSUERS).');
    }
    return { kind: 'off', reason: settings.nodeEnv === 'production' ? 'NODE_ENV=production' : 'chat credentials are configured' };
  }
  if (!isLoopbackHost(settings.host)) throw new Error(OPEN_OFF_LOOPBACK(settings.host));
  return { kind: 'open' };
}
