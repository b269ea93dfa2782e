import { z } from 'zod';
import type { webApi } from '@slack/bolt';
import type { DirectoryReader } from '../../src/core/directory/directory.port.ts';
import { toLocale, type Locale } from '../../src/core/shared/platform.types.ts';
import type { SambandCore } from '../../src/core/kernel/samband-core.port.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';

/** Who sent a Slack request: the user, their home workspace first, then the workspace the request came through. */
export interface SlackSender {
  userId: string;
  teams: string[];
  /** Token of the workspace the request came through (users.info for locale and email). */
  botToken?: string;
}

/** The sender as the core should see them: the workspace their identity is configured under, and their locale. */
export interface ResolvedSender {
  workspace: string;
  /** The Slack locale, if Slack gave one (the core prefers it to the configured language). */
  locale?: string;
  /** The language for the adapter's own texts: Slack's, else the person's, else the deployment's. */
  language: Locale;
}

const profileSchema = z.object({
  user: z.object({
    locale: z.string().optional(),
    profile: z.object({ email: z.string().optional() }).optional(),
  }),
});

interface Profile {
  locale?: string;
  email?: string;
}

export interface SlackPeopleOptions {
  directory: DirectoryReader;
  client(token: string): webApi.WebClient;
  /** The core links unknown accounts to configured people by the email Slack has for them (needs `users:read.email`). */
  core: Pick<SambandCore, 'linkByEmail'>;
  logger: Logger;
  /** How long a user's Slack locale and email are reused. */
  profileTtlMs?: number;
  /** users.info is skipped when it takes longer than this (the person's configured language is used). */
  profileTimeoutMs?: number;
}

/**
 * Maps Slack accounts to configured people. A configured identity is looked up under the user's home workspace
 * and then the workspace the request came through (Slack Connect channels carry users of other workspaces). An
 * account without one is offered to the core with the email on its Slack profile (when Samband may read emails);
 * the core decides whether that links it to a configured person. The Slack locale (users.info) decides the language when Slack gives
 * one. Unknown people stay unknown: the core answers them and changes nothing.
 */
export class SlackPeople {
  private readonly profiles = new Map<string, { profile: Profile; until: number }>();

  constructor(private readonly options: SlackPeopleOptions) {}

  async resolve(sender: SlackSender): Promise<ResolvedSender> {
    const teams = sender.teams.filter((t, i, all) => t && all.indexOf(t) === i);
    const directory = await this.options.directory.current();
    const known = teams.find((team) => directory.personByIdentity('slack', team, sender.userId));
    const profile = await this.profile(sender);
    const person = known ? directory.personByIdentity('slack', known, sender.userId) : undefined;
    const language = toLocale(profile.locale, person?.locale ?? directory.settings.defaultLocale);
    if (known) return { workspace: known, locale: profile.locale, language };
    const workspace = teams[0] ?? '';
    // Whether the address names someone is the core's rule; the adapter only supplies it.
    if (profile.email && await this.options.core.linkByEmail({ platform: 'slack', workspace, userId: sender.userId, email: profile.email })) {
      this.options.logger.log('info', 'slack.identity_linked', { workspace, via: 'email' });
    }
    return { workspace, locale: profile.locale, language };
  }

  /** Locale and email from users.info, cached; empty when Slack does not answer in time or we may not read them. */
  private async profile(sender: SlackSender): Promise<Profile> {
    if (!sender.botToken) return {};
    const key = `${sender.teams[0] ?? ''}/${sender.userId}`;
    const cached = this.profiles.get(key);
    if (cached && cached.until > Date.now()) return cached.profile;
    const timeoutMs = this.options.profileTimeoutMs ?? 1500;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => { timer = setTimeout(resolve, timeoutMs, undefined); });
    const lookup = this.options.client(sender.botToken).users.info({ user: sender.userId, include_locale: true })
      .then((result) => profileSchema.safeParse(result))
      .catch((error: Error) => {
        this.options.logger.log('debug', 'slack.users_info_failed', { error: error.message });
        return undefined;
      });
    const result = await Promise.race([lookup, timeout]).finally(() => clearTimeout(timer));
    const profile: Profile = result?.success ? { locale: result.data.user.locale, email: result.data.user.profile?.email } : {};
    this.profiles.set(key, { profile, until: Date.now() + (result?.success ? this.options.profileTtlMs ?? 3_600_000 : 60_000) });
    if (this.profiles.size > 10_000) this.profiles.delete(this.profiles.keys().next().value!);
    return profile;
  }
}
