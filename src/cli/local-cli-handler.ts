import type { App } from './compose-app.ts';
import type { LocalCliHandler } from '../infra/local-cli/local-cli.types.ts';
import { runSay } from './commands/say.command.ts';
import { runAuditCheckpoint, runAuditExport, runAuditVerify } from './commands/audit.command.ts';
import { runMigrate } from './commands/migrate.command.ts';
import { runSecretsRotate } from './commands/secrets.command.ts';
import { runAccessReport } from './commands/access.command.ts';
import { runRetentionCli } from './commands/retention.command.ts';
import { runIcalCli } from './commands/ical.command.ts';
import { runPackExport } from './commands/pack.command.ts';
import { runSessionsRevoke } from './commands/sessions.command.ts';

/**
 * What the running server does for a `samband` command started next to it: the same code the command runs on its
 * own, on the server's open database and core, so its statements queue with the server's own (PGlite is one session).
 */
export function localCliHandler(app: Pick<App, 'service' | 'db' | 'checkpoints' | 'deps' | 'env' | 'config'>): LocalCliHandler {
  return (request, output) => {
    switch (request.command) {
      case 'say': return runSay(app, request.person, request.text, request.json, output);
      // The server's own checkpoint settings: the folder and key it writes with are the ones to verify against.
      case 'audit-verify': return runAuditVerify(app.db, output, app.checkpoints);
      case 'audit-checkpoint': return runAuditCheckpoint(app.db, output, app.checkpoints, app.deps.clock.now());
      case 'audit-export': return runAuditExport(app.db, request.from, request.to, request.format, output, app.deps.clock.now());
      case 'migrate': return runMigrate(app.db, output);
      case 'access-report': return runAccessReport(app.db, request, output);
      // The server's own deployment file and directory: the periods it runs its job with.
      case 'retention-run': return runRetentionCli(app.db, app.config, app.deps, request.dryRun, output);
      case 'secrets-rotate': return runSecretsRotate(app.db, app.env, output, app.deps.clock.now());
      case 'ical-issue':
      case 'ical-revoke':
      case 'ical-list': return runIcalCli({ db: app.db, directory: app.deps.directory, clock: app.deps.clock, shifts: app.deps.shifts }, request, output);
      // The folder is the one the command line named (made absolute there): the server writes the files.
      case 'pack-export': return runPackExport({ db: app.db, directory: app.deps.directory, clock: app.deps.clock, shifts: app.deps.shifts }, request, output);
      case 'sessions-revoke': return runSessionsRevoke(app.db, request.target, output, app.deps.clock.now());
    }
  };
}
