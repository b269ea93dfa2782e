import { formatConfigErrors, loadConfigFile } from './load-config-file.ts';

/**
 * Validates a deployment file for `samband config check [file]`. `output` is what the command prints: a summary
 * with the digest when the file is valid, else one `file:line:column path: message` line per error and a count.
 * Never throws for a bad or missing file; `ok` says whether it can be loaded.
 */
export async function checkConfigFile(path: string): Promise<{ ok: boolean; output: string }> {
  const result = await loadConfigFile(path);
  if (!result.ok) {
    const n = result.errors.length;
    return { ok: false, output: `${formatConfigErrors(result.errors)}\n${n} error${n === 1 ? '' : 's'} in ${path}` };
  }
  const c = result.config;
  const summary = [
    `${c.areas.length} areas`,
    `${c.agencies.length} agencies`,
    `${c.categories.length} categories`,
    `${c.severities.length} severities`,
    `${c.routing.length} routing rules`,
    `${c.people.length} people`,
  ].join(', ');
  return { ok: true, output: `${path}: OK (${summary})\ndigest ${result.digest}` };
}
