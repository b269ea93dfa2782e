import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A deployment loads the chat SDKs it uses and no other: Bolt and botbuilder cost seconds of start and tens of
// megabytes each. Checked in a fresh process, since the test runner may have loaded them already.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../fixtures/process/loaded-sdks.ts', import.meta.url));

function compose(env: Record<string, string>): Promise<{ adapters: string[]; bolt: number; botbuilder: number }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|MICROSOFT_APP_|SAMBAND_TEAMS|DATABASE_URL)/.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      cwd: ROOT, env: { ...clean, DATABASE_URL: 'pglite:memory', SAMBAND_LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}: ${err.slice(-1500)}`))));
  });
}

describe('chat SDKs load only when configured', () => {
  it('the web console alone loads neither Bolt nor botbuilder', async () => {
    const loaded = await compose({});
    expect(loaded.adapters).toEqual(['web', 'ical']);
    expect(loaded.bolt).toBe(0);
    expect(loaded.botbuilder).toBe(0);
  }, 60_000);

  it('Slack and Teams configured load both, and both adapters are wired', async () => {
    const loaded = await compose({ SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-test', SAMBAND_TEAMS: 'on' });
    expect(loaded.adapters).toEqual(['web', 'slack', 'teams', 'ical']);
    expect(loaded.bolt).toBeGreaterThan(0);
    expect(loaded.botbuilder).toBeGreaterThan(0);
  }, 60_000);
});
