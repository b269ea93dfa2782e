import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/core/kernel/logger.port.ts';


/**
 * Bolt's logger interface on top of ours. Bolt's messages are free text and may quote payloads, so only their first
 * line goes out, at debug level unless they are warnings or errors.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (args: unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ').split('\n')[0].slice(0, 300);
  return {
    debug: () => undefined,
    info: (...args) => logger.log('debug', 'slack.bolt', { message: line(args) }),
    warn: (...args) => logger.log('warn', 'slack.bolt', { message: line(args) }),
    error: (...args) => logger.log('error', 'slack.bolt', { message: line(args) }),
    setLevel: (next) => { level = next; },
    getLevel: () => level,
    setName: () => undefined,
  };
}
