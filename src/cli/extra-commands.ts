import { teamsPackageCommand } from './commands/teams-package.command.ts';
import { secretsRotateCommand } from './commands/secrets.command.ts';
import { accessReportCommand } from './commands/access.command.ts';
import { retentionRunCommand } from './commands/retention.command.ts';
import { sessionsRevokeCommand } from './commands/sessions.command.ts';

/** CLI commands contributed by adapters and later domains (e.g. `teams package`). */
export interface ExtraCliCommand {
  usage: string;
  matches(positional: string[]): boolean;
  run(positional: string[], options: Record<string, string | true>): Promise<number>;
}

export const extraCliCommands: ExtraCliCommand[] = [teamsPackageCommand, secretsRotateCommand, accessReportCommand, retentionRunCommand, sessionsRevokeCommand];
