import dns from 'node:dns';

/** Host names something tried to resolve while the guard was on (anything but the loopback). */
export const internetAttempts: string[] = [];

// The loopback, and the wildcard addresses a server listens on (`HOST=0.0.0.0`): none of them leaves the machine.
const LOCAL = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);
let installed = false;

/**
 * Makes every name lookup outside the loopback fail and records it, so a test can assert that nothing (the Bot
 * Framework SDK fetching OpenID metadata or a token, say) tried to reach the Internet. It stays on for the rest of the
 * worker's files, which never need the Internet either. Lookups are how node:http,
 * node:https and fetch find a host, so nothing gets past unnoticed except literal IP addresses.
 */
export function blockInternet(): void {
  // Each file that calls this reads the attempts made from its start: files share a worker (isolate: false) and run
  // one after the other in it, and an earlier file's blocked attempt (a token fetch with auth on) is not this one's.
  internetAttempts.length = 0;
  // The guard itself goes on once per worker and stays on for every later file, which never needs the Internet either.
  if (installed) return;
  installed = true;
  const original = dns.lookup;
  const guarded = function lookup(hostname: string, ...rest: unknown[]) {
    if (!LOCAL.has(hostname)) {
      internetAttempts.push(hostname);
      const callback = rest[rest.length - 1] as (error: Error) => void;
      const error = Object.assign(new Error(`blocked in tests: ${hostname}`), { code: 'ENOTFOUND' });
      process.nextTick(() => callback(error));
      return {};
    }
    return (original as (...args: unknown[]) => unknown)(hostname, ...rest);
  };
  dns.lookup = guarded as typeof dns.lookup;
  const promises = dns.promises;
  const originalPromise = promises.lookup;
  promises.lookup = (async (hostname: string, ...rest: unknown[]) => {
    if (!LOCAL.has(hostname)) {
      internetAttempts.push(hostname);
      throw Object.assign(new Error(`blocked in tests: ${hostname}`), { code: 'ENOTFOUND' });
    }
    return (originalPromise as (...args: unknown[]) => Promise<unknown>)(hostname, ...rest);
  }) as typeof promises.lookup;
}
