import type { SambandEnv } from '../config/env.ts';
import { secretBox, type SecretBox } from './secret-box.ts';

/** The secret box the environment configures, or null without SAMBAND_SECRET_KEY (development: secrets in clear). */
export function secretBoxOf(env: SambandEnv): SecretBox | null {
  if (!env.SAMBAND_SECRET_KEY) {
    if (env.SAMBAND_SECRET_KEY_PREVIOUS) throw new Error('SAMBAND_SECRET_KEY_PREVIOUS is set without SAMBAND_SECRET_KEY');
    return null;
  }
  const previous = (env.SAMBAND_SECRET_KEY_PREVIOUS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  return secretBox(env.SAMBAND_SECRET_KEY, previous);
}

/**
 * Refuses to start a production server that would store Slack OAuth tokens in clear. Development and single-token
 * setups (SLACK_BOT_TOKEN from the environment, nothing stored) start without a key.
 */
export function requireSecretKeyInProduction(env: SambandEnv): void {
  if (env.NODE_ENV === 'production' && env.SLACK_CLIENT_ID && !env.SAMBAND_SECRET_KEY) {
    throw new Error('SAMBAND_SECRET_KEY is not set: in production, Slack OAuth installations (bot tokens) are stored only '
      + 'encrypted. Set SAMBAND_SECRET_KEY to 32 random bytes (openssl rand -base64 32), kept outside the database.');
  }
}
