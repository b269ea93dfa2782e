import { webApi } from '@slack/bolt';
import { boltLogger } from './adapter-logger.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';

/** The Web API clients of one adapter, one per token and purpose, created once. */
export interface SlackClients {
  /** Deliveries and look-ups: no retries and no waiting on 429 (the caller, mostly the outbox, decides). */
  plain(token: string): webApi.WebClient;
  /** Answers to a person (replies, modals): a couple of quick retries, and Retry-After honoured. */
  interactive(token: string): webApi.WebClient;
  /** Options for Bolt's own clients and the OAuth flow. */
  readonly options: webApi.WebClientOptions;
}

/** Clients pointed at `apiUrl` (SLACK_API_URL) or Slack's own API. */
export function createSlackClients(apiUrl: string | undefined, logger: Logger): SlackClients {
  const base: webApi.WebClientOptions = { logger: boltLogger(logger), ...(apiUrl ? { slackApiUrl: apiUrl } : {}) };
  const plainOptions: webApi.WebClientOptions = { ...base, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 10_000 };
  const interactiveOptions: webApi.WebClientOptions = {
    ...base, retryConfig: { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 2000 }, timeout: 5_000,
  };
  const cache = (options: webApi.WebClientOptions) => {
    const clients = new Map<string, webApi.WebClient>();
    return (token: string) => {
      let client = clients.get(token);
      if (!client) {
        client = new webApi.WebClient(token, options);
        clients.set(token, client);
      }
      return client;
    };
  };
  return { plain: cache(plainOptions), interactive: cache(interactiveOptions), options: { ...base, retryConfig: { retries: 0 } } };
}
