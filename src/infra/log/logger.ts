import type { LogLevel, Logger as LoggerPort } from '../../core/kernel/logger.port.ts';

export type { LogLevel };

/** Structured JSON logs on stderr (the core's logger port, plus child loggers with fixed fields). */
export interface Logger extends LoggerPort {
  child(fields: Record<string, unknown>): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(base: Record<string, unknown> = {}, minLevel: LogLevel = (process.env.SAMBAND_LOG_LEVEL as LogLevel) || 'info'): Logger {
  return {
    log(level, event, fields = {}) {
      if (order[level] < order[minLevel]) return;
      process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...base, ...fields })}\n`);
    },
    child(fields) {
      return createLogger({ ...base, ...fields }, minLevel);
    },
  };
}

/** For tests and `samband say`: drops everything. */
export const silentLogger: Logger = { log() {}, child: () => silentLogger };
