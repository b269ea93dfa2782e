import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { capturedOutput } from '../support/cli-output.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { acquireFolderLock } from '../../src/infra/db/pglite-folder-lock.ts';
import { serveLocalCli } from '../../src/infra/local-cli/local-cli-server.ts';
import { findFolderOwner, runOnOwner } from '../../src/infra/local-cli/local-cli-client.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { localCliHandler } from '../../src/cli/local-cli-handler.ts';
import { runRetentionCli } from '../../src/cli/commands/retention.command.ts';
import { replyText, say } from './support/harness.ts';

// `samband retention run [--dry-run]` next to a running server on an embedded folder goes through the server (its
// deployment file, its database); a deployment file without retention periods erases nothing and says so.

const CONFIG = fileURLToPath(new URL('../fixtures/retention/retention.yaml', import.meta.url));
const START = new Date('2026-05-04T08:00:00Z');
const temp = mkdtempSync(join(tmpdir(), 'samband-retention-cli-'));

describe('retention run through the folder owner (pglite)', () => {
  let app: TestApp;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    app = await startTestApp('postgres', { clock, background: false, wires: [], listen: false, env: { SAMBAND_CONFIG: CONFIG } });
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(temp, { recursive: true, force: true });
  });

  it('lists on --dry-run, erases on a run, both through the server that owns the folder', async () => {
    const incident = (await say(app, 'anna.lind', '/incident Rinkeby 2 klotter på skolan')).incident!;
    expect(replyText(await say(app, 'anna.lind', `close ${incident.ref} Kalle hemma igen`, { requestKey: 'web:close-1' }))).toBe(`${incident.ref} är stängd.`);
    // What the web console and the inbox kept of it: a console message, the stored close request, a delivery error.
    await app.db.prisma.webMessage.create({ data: {
      channel: 'dm:anna.lind', messageId: 'w-1', createdAt: clock.now(), updatedAt: clock.now(),
      message: { locale: 'sv', tone: 'info', title: `${incident.ref}: klotter på skolan`, facts: [], actions: [], fallback: 'klotter', incidentRef: incident.ref },
    } });
    await app.db.prisma.inboxRequest.create({ data: {
      requestKey: 'web:close-1', platform: 'web', payload: JSON.stringify({ text: `close ${incident.ref} Kalle hemma igen` }), status: 'done',
      receivedAt: clock.now(), finishedAt: clock.now(),
    } });
    const [first] = await app.db.prisma.notification.findMany({ where: { incidentId: incident.id }, take: 1 });
    await app.db.prisma.deliveryAttempt.create({ data: { notificationId: first.id, worker: 'w', at: clock.now(), outcome: 'retry', error: 'channel_not_found: klotter' } });
    clock.set(new Date(START.getTime() + 30 * 24 * 3600_000 + 1));

    const folder = join(temp, 'data');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const lock = acquireFolderLock(folder, { command: 'samband start' });
    const server = await serveLocalCli(folder, localCliHandler(app), silentLogger);
    try {
      const endpoint = findFolderOwner(folder)!;
      const dry = capturedOutput();
      expect(await runOnOwner(endpoint, { command: 'retention-run', dryRun: true }, dry)).toBe(0);
      expect(dry.out()).toMatch(new RegExp(`^${incident.ref}\\tclosed 2026-05-04T08:00:00.000Z\\t30 days\\twould be erased\\ndry run: 1 incident\\(s\\) would be erased, 0 held\\n$`));
      expect((await app.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).description).toBe('klotter på skolan');

      const run = capturedOutput();
      expect(await runOnOwner(endpoint, { command: 'retention-run', dryRun: false }, run)).toBe(0);
      expect(run.out()).toContain('1 incident(s) erased, 0 held');
      expect(await app.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).toMatchObject({ description: '', erasedAt: clock.now() });
      expect((await app.db.prisma.webMessage.findUniqueOrThrow({ where: { messageId: 'w-1' } })).message).toMatchObject({ title: `${incident.ref}: Borttaget enligt gallringsreglerna` });
      expect(await app.db.prisma.inboxRequest.count({ where: { requestKey: 'web:close-1' } })).toBe(0);
      expect(await app.db.prisma.deliveryAttempt.findMany({ where: { notificationId: first.id }, select: { error: true } })).toEqual([{ error: null }]);
      expect(await app.db.prisma.incidentNote.count({ where: { incidentId: incident.id } })).toBe(0);
    } finally {
      await server.close();
      lock.release();
    }
  });

  it('a deployment file without retention periods erases nothing', async () => {
    const output = capturedOutput();
    expect(await runRetentionCli(app.db, { retention: undefined }, app.deps, false, output)).toBe(0);
    expect(output.out()).toBe('no retention periods in the deployment file: nothing is erased\n');
  });
});
