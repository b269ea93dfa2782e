import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifySlackRequest } from '@slack/bolt';
import { slackSignature } from './support/slack-requests.ts';

/** Reads Slack's published vector from the fixture file (values follow their labels). */
function vector() {
  const text = readFileSync(resolve(import.meta.dirname, '../../fixtures/slack/request-signing-test-vector.txt'), 'utf8');
  const after = (label: string) => text.split(label)[1].split('\n').map((l) => l.trim()).find(Boolean)!;
  return {
    secret: after('Signing secret:'),
    timestamp: Number(after('X-Slack-Request-Timestamp:')),
    body: after('Raw request body (application/x-www-form-urlencoded, exactly these bytes, no trailing newline):'),
    signature: after('Expected X-Slack-Signature:'),
  };
}

describe("Slack's published request-signing test vector", () => {
  const v = vector();

  it('is reproduced by the signer the tests use', () => {
    expect(v.signature).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
    expect(slackSignature(v.secret, v.timestamp, v.body)).toBe(v.signature);
  });

  it('is accepted by the verification Bolt runs on /slack/events, and a changed byte is not', () => {
    const headers = { 'x-slack-signature': v.signature, 'x-slack-request-timestamp': v.timestamp };
    const nowMilliseconds = v.timestamp * 1000;
    expect(() => verifySlackRequest({ signingSecret: v.secret, body: v.body, headers, nowMilliseconds })).not.toThrow();
    expect(() => verifySlackRequest({ signingSecret: v.secret, body: `${v.body} `, headers, nowMilliseconds })).toThrow(/signature mismatch/);
    expect(() => verifySlackRequest({ signingSecret: v.secret, body: v.body, headers, nowMilliseconds: nowMilliseconds + 6 * 60_000 })).toThrow(/stale/);
  });
});
