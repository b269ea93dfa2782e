// Preloaded into the Agents Playground's process (node --require): every connection or name lookup that is not
// the loopback is refused and written to the file in OFFLINE_GUARD_LOG, so the test can prove nothing phoned home.
const dns = require('node:dns');
const net = require('node:net');
const fs = require('node:fs');

const LOG = process.env.OFFLINE_GUARD_LOG;
const LOCAL = new Set(['localhost', '127.0.0.1', '::1', '::ffff:127.0.0.1']);
const note = (what) => { if (LOG) fs.appendFileSync(LOG, `${what}\n`); };

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!LOCAL.has(hostname)) {
    note(`lookup ${hostname}`);
    const callback = rest[rest.length - 1];
    const error = Object.assign(new Error(`offline: ${hostname}`), { code: 'ENOTFOUND' });
    process.nextTick(() => callback(error));
    return {};
  }
  return lookup.call(this, hostname, ...rest);
};
const promiseLookup = dns.promises.lookup;
dns.promises.lookup = async function guardedPromiseLookup(hostname, ...rest) {
  if (!LOCAL.has(hostname)) {
    note(`lookup ${hostname}`);
    throw Object.assign(new Error(`offline: ${hostname}`), { code: 'ENOTFOUND' });
  }
  return promiseLookup.call(this, hostname, ...rest);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const options = typeof args[0] === 'object' && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  const host = options.host;
  if (!options.path && host && !LOCAL.has(host) && net.isIP(host)) {
    note(`connect ${host}:${options.port}`);
    process.nextTick(() => this.destroy(Object.assign(new Error(`offline: ${host}`), { code: 'ECONNREFUSED' })));
    return this;
  }
  return connect.apply(this, args);
};
