import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { throughOwnerOrLocally } from '../../src/cli/commands/through-owner.ts';
import { acquireFolderLock, FolderLockedError } from '../../src/infra/db/pglite-folder-lock.ts';
import { serveLocalCli } from '../../src/infra/local-cli/local-cli-server.ts';
import type { LocalCliRequest } from '../../src/infra/local-cli/local-cli.types.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';

// Where a CLI command runs: through the folder's owner, on its own, or after waiting for a short-lived holder.
// `local` stands in for opening the folder: it takes the lock the way openDatabase does.

const temp = mkdtempSync(join(tmpdir(), 'samband-through-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
let n = 0;
const freshFolder = () => {
  const folder = join(temp, `f${(n += 1)}`);
  mkdirSync(folder, { mode: 0o700 });
  return folder;
};

function terminal() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const text = { out: '', err: '' };
  stdout.on('data', (c) => { text.out += c; });
  stderr.on('data', (c) => { text.err += c; });
  return { output: { stdout, stderr }, text };
}

const migrate: LocalCliRequest = { command: 'migrate' };

describe('a CLI command on an embedded folder', () => {
  it('runs on its own when nobody holds the folder', async () => {
    const folder = freshFolder();
    const { output, text } = terminal();
    const code = await throughOwnerOrLocally(migrate, async () => {
      acquireFolderLock(folder, { command: 'samband migrate' }).release();
      return 0;
    }, { folder, output });
    expect(code).toBe(0);
    expect(text.err).toBe('');
  });

  it('goes through the owner that serves the folder, and never opens it itself', async () => {
    const folder = freshFolder();
    const lock = acquireFolderLock(folder, { command: 'samband start' });
    const server = await serveLocalCli(folder, async (request, out) => {
      out.stdout.write(`served ${request.command}\n`);
      return 0;
    }, silentLogger);
    try {
      const { output, text } = terminal();
      let opened = 0;
      const code = await throughOwnerOrLocally(migrate, async () => { opened += 1; return 9; }, { folder, output });
      expect(code).toBe(0);
      expect(text.out).toBe('served migrate\n');
      expect(opened).toBe(0);
    } finally {
      await server.close();
      lock.release();
    }
  });

  it('waits for a holder that serves no CLI (another command, a server still starting), saying so once', async () => {
    const folder = freshFolder();
    const holder = acquireFolderLock(folder, { command: 'samband say' });
    const { output, text } = terminal();
    let attempts = 0;
    const running = throughOwnerOrLocally(migrate, async () => {
      attempts += 1;
      if (attempts === 3) holder.release(); // the other command finishes while we wait
      acquireFolderLock(folder, { command: 'samband migrate' }).release();
      return 0;
    }, { folder, output, waitMs: 20_000 });
    expect(await running).toBe(0);
    expect(attempts).toBe(3);
    expect(text.err).toBe(`database folder ${folder} is busy (samband say, pid ${process.pid}): waiting up to 20 s\n`);
  });

  it('gives up after the wait, naming the holder', async () => {
    const folder = freshFolder();
    const holder = acquireFolderLock(folder, { command: 'samband audit export' });
    try {
      const { output } = terminal();
      const failed = await throughOwnerOrLocally(migrate, async () => {
        acquireFolderLock(folder, { command: 'samband migrate' }).release();
        return 0;
      }, { folder, output, waitMs: 300 }).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(FolderLockedError);
      expect((failed as Error).message).toContain(`is in use by samband audit export (pid ${process.pid}, since ${holder.holder.createdAt})`);
    } finally {
      holder.release();
    }
  });
});
