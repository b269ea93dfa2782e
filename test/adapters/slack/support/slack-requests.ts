import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const FIXTURES = resolve(import.meta.dirname, '../../../fixtures/slack');

/** One of Slack's own payload samples (test/fixtures/slack/payloads), as a fresh object to adapt. */
export function sample<T = any>(name: string): T {
  return JSON.parse(readFileSync(resolve(FIXTURES, 'payloads', name), 'utf8')) as T;
}

export const FIXTURE_CONFIG = resolve(FIXTURES, 'slack-deployment.yaml');

/** Slack's v0 signature of a body at a timestamp (seconds). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function formBody(fields: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) params.set(key, value);
  return params.toString();
}

/** Interactivity payloads travel as one form field, `payload`, holding JSON. */
export function interactiveBody(payload: unknown): string {
  return formBody({ payload: JSON.stringify(payload) });
}

export interface PostOptions {
  secret?: string;
  /** Seconds; defaults to now. */
  timestamp?: number;
  signature?: string;
  headers?: Record<string, string>;
  contentType?: string;
  omitHeaders?: boolean;
}

/** POSTs a body to /slack/events the way Slack does: signed, form-encoded unless told otherwise. */
export async function postToSlackEndpoint(url: string, body: string, options: PostOptions = {}): Promise<{ status: number; text: string; ms: number }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/x-www-form-urlencoded', ...options.headers };
  if (!options.omitHeaders) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = options.signature ?? slackSignature(options.secret ?? '', timestamp, body);
  }
  const started = performance.now();
  const response = await fetch(`${url}/slack/events`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, text, ms: performance.now() - started };
}

let counter = 0;
/** A trigger id that has not been used before in this process. */
export function freshTrigger(): string {
  counter += 1;
  return `${Date.now()}.${process.pid}.${counter}`;
}
