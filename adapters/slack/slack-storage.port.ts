/**
 * Storage the Slack adapter needs, as small ports. Their Prisma implementations live in src/infra/slack and are
 * connected in src/cli/wire-slack.ts; the adapter never sees the database.
 */

/** One workspace's (or one org's) installation of the app, as Slack's OAuth flow produced it. */
export interface SlackInstallationRecord {
  /** `team:<T…>` for a workspace install, `enterprise:<E…>` for an org-wide install. */
  id: string;
  teamId: string | null;
  enterpriseId: string | null;
  /** Bolt's Installation object (tokens included); stored as JSON, read back through a schema. */
  installation: unknown;
}

/** Where installations are kept. Every change is written with its audit record. */
export interface SlackInstallationRepository {
  /** Saves or replaces an installation. */
  save(record: SlackInstallationRecord, at: Date): Promise<void>;
  /** The installation with this id, if any. */
  find(id: string): Promise<SlackInstallationRecord | null>;
  /** Removes an installation (app uninstalled, tokens revoked). Returns false when there was none. */
  remove(id: string, at: Date, reason: string): Promise<boolean>;
}
