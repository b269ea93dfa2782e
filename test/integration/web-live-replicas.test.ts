import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeApp, type App } from '../../src/cli/compose-app.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';
import { readEnv } from '../../src/infra/config/env.ts';
import { openDatabase } from '../../src/infra/db/database.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';
import { consoleClient } from '../adapters/web/web-test-client.ts';
import { PrismaRoomAudience } from '../../src/infra/audience/prisma-room-audience.ts';
import { until } from '../support/until.ts';

/**
 * Two replicas of Samband on one PostgreSQL database, each with its own HTTP server, database pools and delivery
 * worker. A browser's live stream is held by one replica; what another replica posts (a delivery its worker claimed, a
 * card it replaced) reaches it through LISTEN/NOTIFY.
 */
describe('live console updates across two replicas on one PostgreSQL', () => {
  let db: TestDatabase;
  const apps: Array<App & { url: string }> = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('postgres');
    for (let i = 0; i < 2; i += 1) {
      const dir = mkdtempSync(join(tmpdir(), 'samband-replica-'));
      dirs.push(dir);
      // Each replica opens the database itself, as a second process would.
      const own = i === 0 ? db : await openDatabase({ databaseUrl: db.url, poolSize: 4 });
      const app = await composeApp({
        env: readEnv({ PORT: '0', HOST: '127.0.0.1', SAMBAND_LOG_LEVEL: 'error', SAMBAND_DATA_DIR: dir }),
        db: own, wires: [wireWeb], logger: silentLogger,
      });
      apps.push(Object.assign(app, { url: await app.listen() }));
    }
  }, 180_000);

  afterAll(async () => {
    for (const app of apps) await app.close();
    await apps[1]?.db.close();
    await db?.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('streams a new incident and its acknowledgement to browsers on both replicas', async () => {
    const [a, b] = apps.map((app) => consoleClient(app.url));
    const onA = a.stream('/events?as=karin.dahl');
    const onB = b.stream('/events?as=karin.dahl');
    try {
      await Promise.all([onA.waitFor((e) => e.event === 'ready'), onB.waitFor((e) => e.event === 'ready')]);

      const registered = await a.post('/command', { as: 'anna.lind', text: '/incident Rinkeby 2 stenkastning mot buss' });
      expect(registered.status).toBe(200);
      const ref = registered.body.incident as string;
      const posted = (e: { event: string; data: Record<string, unknown> }) => e.event === 'chat' && e.data.kind === 'posted'
        && e.data.channel === 'agency:polisen' && String(e.data.html).includes(ref);
      const [fromA, fromB] = await Promise.all([onA.waitFor(posted, 30_000), onB.waitFor(posted, 30_000)]);
      expect(fromB.data.messageId).toBe(fromA.data.messageId);
      expect(String(fromB.data.html)).toContain('stenkastning mot buss');

      // The acknowledgement is made on the other replica: the card is replaced on both.
      const ack = await b.post('/command', { as: 'karin.dahl', text: `ack ${ref}` });
      expect(ack.status).toBe(200);
      const updated = (e: { event: string; data: Record<string, unknown> }) => e.event === 'chat' && e.data.kind === 'updated'
        && e.data.messageId === fromA.data.messageId && String(e.data.html).includes('Kvitterad');
      await Promise.all([onA.waitFor(updated, 30_000), onB.waitFor(updated, 30_000)]);
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('a room one replica finds shared gets only the minimum from the other replica too, at once', async () => {
    const [a, b] = apps;
    const room = { platform: 'web' as const, workspace: '', channel: 'agency:polisen' };
    // The other replica has read (and cached) the directory: the room is the agency's own.
    expect((await b.deps.directory.current()).roomOf(room).audience).toBe('agency');

    const recorder = new PrismaRoomAudience(a.db, a.deps.clock, a.deps.directory);
    expect(await recorder.record({ room, shared: true, source: 'test.replicas' })).toBe(true);
    await until('the other replica to see the room as shared', async () => (await b.deps.directory.current()).roomOf(room).audience === 'shared');

    const onB = consoleClient(b.url).stream('/events?as=karin.dahl');
    try {
      await onB.waitFor((e) => e.event === 'ready');
      const registered = await consoleClient(b.url).post('/command', { as: 'anna.lind', text: '/incident Rinkeby 2 klotter på skolans vägg' });
      expect(registered.status).toBe(200);
      const ref = registered.body.incident as string;
      const posted = await onB.waitFor((e) => e.event === 'chat' && e.data.kind === 'posted'
        && e.data.channel === 'agency:polisen' && String(e.data.html).includes(ref), 30_000);
      expect(String(posted.data.html)).not.toContain('klotter');
    } finally {
      onB.close();
    }
  });
});

