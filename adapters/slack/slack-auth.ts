import { z } from 'zod';
import { webApi, type Authorize, type Installation, type InstallationQuery, type InstallationStore } from '@slack/bolt';
import type { SlackInstallationRepository } from './slack-storage.port.ts';
import type { Logger } from '../../src/core/kernel/logger.port.ts';

/** What Samband needs to act in one workspace. */
export interface WorkspaceAuth {
  botToken: string;
  botUserId?: string;
  botId?: string;
  teamId?: string;
  enterpriseId?: string;
}

const installationSchema = z.object({
  team: z.object({ id: z.string() }).nullable().optional(),
  enterprise: z.object({ id: z.string() }).nullable().optional(),
  isEnterpriseInstall: z.boolean().optional(),
  bot: z.object({ token: z.string().min(1), userId: z.string().optional(), id: z.string().optional() }).optional(),
});

export interface SlackAuthOptions {
  /** SLACK_BOT_TOKEN: one workspace, and the fallback for workspaces without an installation. */
  botToken?: string;
  installations?: SlackInstallationRepository;
  /** A Web API client for a token (shared, no retries: callers decide). */
  client(token: string): webApi.WebClient;
  now(): Date;
  logger: Logger;
  /**
   * How long a looked-up installation (or its absence) is trusted before it is read again in the background.
   * Installs and uninstalls in this process apply at once; another replica's after at most this long.
   */
  cacheMs?: number;
}

/** The bot credentials of a stored installation; null when it has none (or is unreadable). */
function authOf(installation: unknown): WorkspaceAuth | null {
  const parsed = installationSchema.safeParse(installation);
  const bot = parsed.success ? parsed.data.bot : undefined;
  if (!parsed.success || !bot) return null;
  return { botToken: bot.token, botUserId: bot.userId, botId: bot.id, teamId: parsed.data.team?.id, enterpriseId: parsed.data.enterprise?.id };
}

/** The id an installation is stored under: the org for org-wide installs, else the workspace. */
export function installationId(teamId: string | undefined | null, enterpriseId: string | undefined | null, enterpriseInstall: boolean): string | undefined {
  if (enterpriseInstall && enterpriseId) return `enterprise:${enterpriseId}`;
  return teamId ? `team:${teamId}` : enterpriseId ? `enterprise:${enterpriseId}` : undefined;
}

/**
 * Finds the bot token for a workspace: its OAuth installation (workspace, then org-wide), else SLACK_BOT_TOKEN.
 * Look-ups are kept in memory because Bolt asks before every ack; installs and uninstalls in this process update
 * them at once.
 */
export class SlackAuth {
  private readonly cache = new Map<string, { auth: WorkspaceAuth | null; until: number }>();
  private readonly pending = new Map<string, Promise<WorkspaceAuth | null>>();
  /** Bumped by installs and uninstalls here, so a read that started before one cannot overwrite what it set. */
  private readonly generation = new Map<string, number>();
  private single: Promise<WorkspaceAuth> | undefined;

  constructor(private readonly options: SlackAuthOptions) {}

  /** Bolt's authorize hook: the token for the workspace an incoming request came from. */
  readonly authorize: Authorize<boolean> = async (source) => {
    const auth = await this.forWorkspace(source.teamId, source.enterpriseId, source.isEnterpriseInstall);
    if (!auth) throw new Error(`no Slack installation for ${source.teamId ?? source.enterpriseId ?? 'unknown workspace'}`);
    return { ...auth, teamId: source.teamId ?? auth.teamId, enterpriseId: source.enterpriseId ?? auth.enterpriseId };
  };

  /** The token to use in a workspace, or null when Samband is not installed there and has no fallback token. */
  async forWorkspace(teamId: string | undefined, enterpriseId?: string, enterpriseInstall = false): Promise<WorkspaceAuth | null> {
    const ids = [installationId(teamId, enterpriseId, enterpriseInstall), enterpriseId ? `enterprise:${enterpriseId}` : undefined]
      .filter((id, i, all): id is string => !!id && all.indexOf(id) === i);
    for (const id of ids) {
      const found = await this.installed(id);
      if (found) return found;
    }
    return this.options.botToken ? this.singleWorkspace() : null;
  }

  /** Warms the single-token identity (auth.test) so the first request does not wait for it. */
  async warmUp(): Promise<void> {
    if (this.options.botToken) await this.singleWorkspace().catch(() => undefined);
  }

  /** The store Bolt's OAuth flow writes to; it keeps bot credentials only and clears the cache. */
  installationStore(): InstallationStore {
    const repo = this.options.installations;
    if (!repo) throw new Error('OAuth needs an installation repository');
    return {
      storeInstallation: async (installation: Installation) => {
        const id = installationId(installation.team?.id, installation.enterprise?.id, installation.isEnterpriseInstall === true);
        if (!id) throw new Error('installation without team or enterprise');
        // No user scopes are requested; drop any user token so no person's credentials are kept.
        const stored = { ...installation, user: { id: installation.user.id } };
        await repo.save({ id, teamId: installation.team?.id ?? null, enterpriseId: installation.enterprise?.id ?? null, installation: stored }, this.options.now());
        this.remember(id, authOf(stored));
        this.options.logger.log('info', 'slack.installed', { installation: id });
      },
      fetchInstallation: async (query: InstallationQuery<boolean>) => {
        const id = installationId(query.teamId, query.enterpriseId, query.isEnterpriseInstall);
        const record = id ? await repo.find(id) : null;
        if (!record) throw new Error('no installation');
        return record.installation as Installation;
      },
      deleteInstallation: async (query: InstallationQuery<boolean>) => {
        const id = installationId(query.teamId, query.enterpriseId, query.isEnterpriseInstall);
        if (id) await this.uninstall(id, 'deleted');
      },
    };
  }

  /** Forgets an installation (app_uninstalled, tokens_revoked). */
  async uninstall(id: string, reason: string): Promise<void> {
    this.remember(id, null);
    if (this.options.installations && (await this.options.installations.remove(id, this.options.now(), reason))) {
      this.options.logger.log('info', 'slack.uninstalled', { installation: id, reason });
    }
  }

  private remember(id: string, auth: WorkspaceAuth | null): void {
    this.generation.set(id, (this.generation.get(id) ?? 0) + 1);
    this.cache.set(id, { auth, until: Date.now() + (this.options.cacheMs ?? 60_000) });
  }

  /**
   * The installation's credentials. Bolt asks before every ack, so the database stays off that path: a known answer
   * is returned at once (and refreshed in the background once it is older than `cacheMs`), and concurrent first
   * look-ups of one workspace share one query.
   */
  private async installed(id: string): Promise<WorkspaceAuth | null> {
    if (!this.options.installations) return null;
    const cached = this.cache.get(id);
    if (cached) {
      if (cached.until <= Date.now()) void this.lookUp(id).catch(() => undefined);
      return cached.auth;
    }
    return this.lookUp(id);
  }

  private lookUp(id: string): Promise<WorkspaceAuth | null> {
    let pending = this.pending.get(id);
    if (!pending) {
      pending = this.read(id).finally(() => this.pending.delete(id));
      this.pending.set(id, pending);
    }
    return pending;
  }

  private async read(id: string): Promise<WorkspaceAuth | null> {
    const generation = this.generation.get(id) ?? 0;
    const record = await this.options.installations!.find(id);
    const auth = record ? authOf(record.installation) : null;
    if (record && !auth) this.options.logger.log('warn', 'slack.installation_unreadable', { installation: id });
    if ((this.generation.get(id) ?? 0) !== generation) return this.cache.get(id)?.auth ?? auth;
    this.cache.set(id, { auth, until: Date.now() + (this.options.cacheMs ?? 60_000) });
    return auth;
  }

  private singleWorkspace(): Promise<WorkspaceAuth> {
    const token = this.options.botToken!;
    this.single ??= this.options.client(token).auth.test().then(
      (result) => ({ botToken: token, botUserId: result.user_id, botId: result.bot_id, teamId: result.team_id }),
      (error: Error) => {
        this.single = undefined;
        this.options.logger.log('warn', 'slack.auth_test_failed', { error: error.message });
        // Without auth.test the token still works; only "ignore our own messages" loses the bot's ids.
        return { botToken: token };
      },
    );
    return this.single;
  }
}
