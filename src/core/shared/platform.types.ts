/** The chat platforms Samband speaks to. `memory` is the in-process test double (and `samband say`). */
export type PlatformName = 'slack' | 'teams' | 'web' | 'memory';
export const PLATFORM_NAMES: readonly PlatformName[] = ['slack', 'teams', 'web', 'memory'];

/** Where a message goes: an agency channel, a person's direct messages, an area channel. */
export interface ChatAddress {
  platform: PlatformName;
  /** Slack team id, Teams tenant id, '' for web and memory. */
  workspace: string;
  /** Slack channel id, Teams conversation id, web channel key. */
  channel: string;
  /** A user within the channel, for direct messages where the platform needs one. */
  user?: string | null;
}

export type Locale = 'sv' | 'en';
export const LOCALES: readonly Locale[] = ['sv', 'en'];

/** Picks a supported locale from what a platform reports (`sv-SE`, `en-US`...), else the fallback. */
export function toLocale(value: string | null | undefined, fallback: Locale): Locale {
  const lower = (value ?? '').toLowerCase();
  if (lower.startsWith('sv')) return 'sv';
  if (lower.startsWith('en')) return 'en';
  return fallback;
}
