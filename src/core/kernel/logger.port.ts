export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * The one logger port: structured events with ids and counts, never personal data. Implemented by
 * src/infra/log/logger.ts; the adapters and the jobs take this type.
 */
export interface Logger {
  /** Writes one event (`slack.identity_linked`, `delivery.failed`) with its fields. */
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}
