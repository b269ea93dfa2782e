import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/core/messages/outbound.types.ts';
import { runCli } from '../support/run-cli.ts';
import { CITY_CONFIG } from '../support/fixtures.ts';
import { seedPgliteFolder } from '../support/test-database.ts';

// The `samband` command in this process (the same `main` the binary runs) on an embedded database in a temporary
// folder, and once spawned as a person would run it, to show the binary itself starts, prints and exits.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/samband.mjs');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real binary in a child process: seconds of start-up (tsx, the CLI's imports), so only one test uses it. */
function spawnSamband(args: string[], env: Record<string, string>): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('SAMBAND_') && key !== 'DATABASE_URL'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...base, SAMBAND_LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const BROKEN = 'test/fixtures/core/broken-config.yaml';
const BROKEN_LINES = [
  `${BROKEN}:31:26 routing[0].sensitive[1]: "tullverket" is not in this rule's notify list`,
  `${BROKEN}:40:13 people[0].areas[0]: unknown area "rinkby"`,
  `2 errors in ${BROKEN}`,
  '',
];

describe('the samband binary', () => {
  it('starts, prints and exits with the command\'s code: config check names the broken lines', async () => {
    const check = await spawnSamband(['config', 'check', BROKEN], {});
    expect(check.stderr).toBe('');
    expect(check.stdout.split('\n')).toEqual(BROKEN_LINES);
    expect(check.code).toBe(1);
  });
});

describe('the samband command, in process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'samband-cli-'));
  const env = { SAMBAND_DATA_DIR: dataDir, SAMBAND_CONFIG: CITY_CONFIG };
  const samband = runCli;
  // The folder's empty cluster, as a first open's initdb leaves it (initdb itself: pglite-folder-lock.test.ts);
  // `samband migrate` below still applies every migration.
  beforeAll(() => seedPgliteFolder(join(dataDir, 'pglite')));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrate, say --json, audit verify and checkpoint on a fresh data folder; config check names the broken lines', async () => {
    const migrate = await samband(['migrate'], env);
    expect(migrate.stderr).not.toMatch(/error/i);
    // A fresh folder is a copy of the migrated template (src/infra/db/pglite-template.ts): nothing is left to apply.
    expect(migrate.stdout).toBe('database is up to date\n');
    expect(migrate.code).toBe(0);

    const check = await samband(['config', 'check', BROKEN], env);
    expect(check.code).toBe(1);
    expect(check.stdout.split('\n')).toEqual(BROKEN_LINES);

    const say = await samband(['say', '--as', 'anna.lind', '--json', '/incident Rinkeby 2 stenkastning mot buss känsligt: pojke 14 år'], env);
    expect(say.code, say.stderr).toBe(0);
    const printed = JSON.parse(say.stdout) as {
      replies: OutboundMessage[]; form: unknown; notifications: Array<{ kind: string; to: { platform: string; channel: string }; message: OutboundMessage }>;
    };
    expect(printed.form).toBeNull();
    expect(printed.replies).toHaveLength(1);
    expect(printed.replies[0].title).toMatch(/^Händelse INC-\d{4}-0001 registrerad$/);
    expect(printed.replies[0].facts).toContainEqual({ label: 'Sekretess', value: 'pojke 14 år' });
    const byChannel = new Map(printed.notifications.map((n) => [n.to.channel, n]));
    for (const channel of ['agency:polisen', 'agency:socialtjansten', 'agency:brandforsvaret', 'area:rinkeby', 'area:jarva', 'dm:karin.dahl', 'dm:david.morgan']) {
      expect(byChannel.get(channel), channel).toMatchObject({ kind: 'incident.new', to: { platform: 'web' } });
    }
    expect(byChannel.get('dm:david.morgan')!.message.title).toMatch(/^New incident INC-\d{4}-0001: Rinkeby$/);
    expect(JSON.stringify(byChannel.get('agency:polisen')!.message)).toContain('pojke 14 år');
    expect(JSON.stringify(byChannel.get('agency:brandforsvaret')!.message)).not.toContain('pojke 14 år');
    expect(JSON.stringify(byChannel.get('area:rinkeby')!.message)).not.toContain('pojke 14 år');

    const verify = await samband(['audit', 'verify'], env);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^audit chain verified: \d+ events\nno checkpoint folder configured \(SAMBAND_CHECKPOINT_DIR\)/);
    expect(Number(/(\d+) events/.exec(verify.stdout)![1])).toBeGreaterThanOrEqual(2); // config.loaded, incident.registered

    // A signed checkpoint by command; a machine with only the public key verifies the end against it.
    const pair = generateKeyPairSync('ed25519');
    const checkpoints = join(dataDir, 'checkpoints');
    const checkpoint = await samband(['audit', 'checkpoint'], {
      ...env, SAMBAND_CHECKPOINT_DIR: checkpoints, SAMBAND_AUDIT_KEY: pair.privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    });
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    expect(checkpoint.stdout).toMatch(/^checkpoint written: checkpoint-[0-9a-f-]{36}-\d{20}\.json \(event \d+\)\n$/);
    const anchored = await samband(['audit', 'verify'], {
      ...env, SAMBAND_CHECKPOINT_DIR: checkpoints, SAMBAND_AUDIT_PUBLIC_KEY: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    });
    expect(anchored.code, anchored.stderr).toBe(0);
    expect(anchored.stdout).toContain('end of the trail anchored: event ');
  }, 180_000); // Every migration on a fresh embedded folder and five opens of it: slow on a busy machine.

  it('says what went wrong and gives 1 when a command fails; an unknown command gives 2 and the usage', async () => {
    const unknown = await samband(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^unknown command: frobnicate\nusage: samband <command>/);
    const bad = await samband(['say', '--as', 'anna.lind'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('samband: usage: samband say --as <person> [--json] "<text>"\n');
  });
});
