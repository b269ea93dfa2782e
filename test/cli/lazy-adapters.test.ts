import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/test-database.ts';
import { startTestApp } from '../support/test-app.ts';

// A deployment loads the chat SDKs it uses and no other: Bolt and botbuilder cost seconds of start and tens of
// megabytes each. What a process has not loaded can only be seen in a fresh process (the test runner may have loaded
// them already), so that case is spawned, on a copy of the migrated template; the wiring of both runs in process.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('../fixtures/process/loaded-sdks.ts', import.meta.url));

function compose(env: Record<string, string>): Promise<{ adapters: string[]; bolt: number; botbuilder: number }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|MICROSOFT_APP_|SAMBAND_|DATABASE_URL)/.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
      cwd: ROOT, env: { ...clean, SAMBAND_LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
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
    const db = await createTestDatabase('postgres');
    try {
      const loaded = await compose({ DATABASE_URL: db.url });
      expect(loaded.adapters).toEqual(['web', 'ical']);
      expect(loaded.bolt).toBe(0);
      expect(loaded.botbuilder).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it('Slack and Teams configured load both, and both adapters are wired', async () => {
    const app = await startTestApp('postgres', {
      env: { SLACK_SIGNING_SECRET: 'secret', SLACK_BOT_TOKEN: 'xoxb-test', SAMBAND_TEAMS: 'on' }, wires: undefined, background: false, listen: false,
    });
    try {
      expect(app.adapters.map((a) => a.name)).toEqual(['web', 'slack', 'teams', 'ical']);
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      expect(loaded.some((path) => path.includes('/node_modules/@slack/bolt/'))).toBe(true);
      expect(loaded.some((path) => path.includes('/node_modules/botbuilder/'))).toBe(true);
    } finally {
      await app.stop();
    }
  });
});
