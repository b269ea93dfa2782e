import type { SambandEnv } from '../infra/config/env.ts';

// Which chat adapters the environment turns on, decided without importing their SDKs.

/** Slack runs when SLACK_SIGNING_SECRET (HTTP on the shared server) or SLACK_APP_TOKEN (Socket Mode) is set. */
export function slackEnabled(env: SambandEnv): boolean {
  return Boolean(env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN);
}

/** Whether the Teams endpoint runs: SAMBAND_TEAMS if given, else when any MICROSOFT_APP_* credential or TEAMS_BOTS is set. */
export function teamsEnabled(env: SambandEnv): boolean {
  return env.SAMBAND_TEAMS ?? Boolean(env.MICROSOFT_APP_ID || env.MICROSOFT_APP_PASSWORD || env.TEAMS_BOTS);
}
