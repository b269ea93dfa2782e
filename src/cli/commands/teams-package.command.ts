import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CliCommand } from '../cli-command.types.ts';
import { buildTeamsAppPackage, type PackageOptions } from '../../infra/teams/teams-app-package.ts';

const USAGE = 'teams package [--app-id <guid>] [--manifest-id <guid>] [--version x.y.z] [--out <file.zip>] '
  + '[--developer-name <name>] [--website-url <https>] [--privacy-url <https>] [--terms-url <https>]';

/** Option names on the command line -> package options. */
const OPTIONS: Record<string, keyof PackageOptions> = {
  'app-id': 'appId',
  'manifest-id': 'manifestId',
  version: 'version',
  'developer-name': 'developerName',
  'website-url': 'websiteUrl',
  'privacy-url': 'privacyUrl',
  'terms-url': 'termsOfUseUrl',
};

/**
 * `samband teams package`: writes the Teams app package (manifest.json with this deployment's ids, color.png,
 * outline.png) that a Teams admin uploads. The bot id defaults to MICROSOFT_APP_ID.
 */
export const teamsPackageCommand: CliCommand = {
  usage: `${'teams package [--app-id <guid>] [--out <zip>]'.padEnd(40)} build the Teams app zip for upload (see README for all options)`,
  matches: (positional) => positional[0] === 'teams' && positional[1] === 'package',
  async run(_positional, options) {
    const unknown = Object.keys(options).filter((name) => !(name in OPTIONS) && name !== 'out' && name !== 'json' && name !== 'help');
    if (unknown.length) return fail(`unknown option --${unknown.join(', --')}\nusage: samband ${USAGE}`);
    const values: Record<string, string> = {};
    for (const [flag, key] of Object.entries(OPTIONS)) {
      const value = options[flag];
      if (value === true) return fail(`--${flag} needs a value`);
      if (value !== undefined) values[key] = value;
    }
    values.appId ??= process.env.MICROSOFT_APP_ID ?? '';
    if (!values.appId) return fail(`the bot's Microsoft App ID is needed: --app-id <guid> or MICROSOFT_APP_ID\nusage: samband ${USAGE}`);
    const out = resolve(typeof options.out === 'string' ? options.out : 'samband-teams-app.zip');
    let built;
    try {
      built = buildTeamsAppPackage(values as PackageOptions);
    } catch (error) {
      if (error instanceof z.ZodError) {
        const flagOf = (key: string) => Object.entries(OPTIONS).find(([, k]) => k === key)?.[0] ?? key;
        return fail(error.issues.map((issue) => `--${flagOf(String(issue.path[0]))}: ${issue.message}`).join('\n'));
      }
      return fail((error as Error).message);
    }
    writeFileSync(out, built.zip);
    process.stdout.write(`${out}\n  Teams app id ${String(built.manifest.id)}, bot id ${values.appId}, version ${String(built.manifest.version)}, `
      + `${built.zip.length} bytes\n  Upload it in the Teams admin center (Teams apps > Manage apps > Upload new app) or in Teams `
      + '(Apps > Manage your apps > Upload an app).\n');
    return 0;
  },
};

function fail(message: string): number {
  process.stderr.write(`samband teams package: ${message}\n`);
  return 2;
}
