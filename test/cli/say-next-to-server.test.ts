import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireFolderLock } from '../../src/infra/db/pglite-folder-lock.ts';
import { serveLocalCli } from '../../src/infra/local-cli/local-cli-server.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';

// `samband say` next to a running server only asks the server: it must not load the database, Prisma or the app
// (about a second of imports and 100 MB; bench/README.md, footprint). Checked in a fresh process of the real command,
// with every module it resolves recorded, against an owner that serves the folder's CLI socket.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RECORD = fileURLToPath(new URL('../fixtures/process/record-imports.mjs', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'samband-say-owner-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function say(dataDir: string, text: string): Promise<{ code: number | null; out: string; loaded: string[] }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SAMBAND_|DATABASE_URL|SLACK_|MICROSOFT_APP_)/.test(k)));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', RECORD, join(ROOT, 'bin/samband.mjs'), 'say', '--as', 'anna.lind', text], {
      cwd: ROOT, env: { ...clean, SAMBAND_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = /LOADED (.*)\n/.exec(err);
      if (!line) return reject(new Error(`no module list (exit ${code}): ${err.slice(-1500)}`));
      resolve({ code, out, loaded: JSON.parse(line[1]) as string[] });
    });
  });
}

describe('samband say next to a running server', () => {
  it('is answered by the server and loads neither the database nor the app', async () => {
    const dataDir = join(temp, 'data');
    const folder = join(dataDir, 'pglite');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const lock = acquireFolderLock(folder, { command: 'samband start' });
    const asked: string[] = [];
    const server = await serveLocalCli(folder, async (request, output) => {
      asked.push(JSON.stringify(request));
      output.stdout.write('answered by the server\n');
      return 0;
    }, silentLogger);
    try {
      const result = await say(dataDir, 'help');
      expect(result.out).toBe('answered by the server\n');
      expect(result.code).toBe(0);
      expect(asked).toEqual([JSON.stringify({ command: 'say', person: 'anna.lind', text: 'help', json: false })]);
      // The recorder saw the command's own modules, so an empty list below is not a recorder that saw nothing.
      // From the sources (.ts through tsx) or from the compiled dist/ (.js) that `npm run build` made, whichever runs.
      expect(result.loaded.some((url) => /\/src\/cli\/commands\/say\.command\.(ts|js)$/.test(url))).toBe(true);
      const heavy = result.loaded.filter((url) => /@electric-sql\/pglite|@prisma\/|\/node_modules\/pg\/|\/src\/infra\/db\/(database|generated\/)|\/src\/cli\/compose-app\.(ts|js)/.test(url));
      expect(heavy).toEqual([]);
    } finally {
      await server.close();
      lock.release();
    }
  }, 120_000);
});
