import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { wireWeb } from '../../../src/cli/wire-web.ts';
import { ManualClock } from '../../../src/core/ports/clock.port.ts';
import { ConsoleSessions } from '../../../adapters/web/sign-in/console-sessions.ts';
import { PrismaWebSessionStore } from '../../../src/infra/web/prisma-web-session-store.ts';
import type { PrismaDirectoryReader } from '../../../src/infra/directory/prisma-directory-reader.ts';
import { consoleClient } from './web-test-client.ts';

/**
 * Server-side console sessions over HTTP, with a manual clock: the idle deadline moves with use, the absolute one does
 * not; revoking by person or all; a person deactivated in the configuration is refused at the next request.
 */
describe('web console sessions', () => {
  const clock = new ManualClock(new Date('2026-11-30T08:00:00Z'));
  const issuers = JSON.stringify([{ id: 'idp', label: 'IdP', issuer: 'http://127.0.0.1:9/', clientId: 'samband', claim: 'sub' }]);
  let app: TestApp;
  let sessions: ConsoleSessions;

  beforeAll(async () => {
    app = await startTestApp('postgres', {
      wires: [wireWeb], clock,
      env: { SAMBAND_OIDC_ISSUERS: issuers, SAMBAND_PUBLIC_URL: 'http://127.0.0.1:3000', SAMBAND_SESSION_IDLE_MINUTES: '30', SAMBAND_SESSION_MAX_HOURS: '2' },
    });
    sessions = new ConsoleSessions(new PrismaWebSessionStore(app.db), clock, { idleMinutes: 30, maxHours: 2, maxFailures: 5, failureWindowMinutes: 15 });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  const page = async (token: string) => (await consoleClient(app.url).get('/', { cookie: `samband_session=${token}` })).status;

  it('ends a session left idle, keeps one in use until its absolute end', async () => {
    const idle = await sessions.start('anna.lind', 'idp');
    const busy = await sessions.start('karin.dahl', 'idp');
    expect(await page(idle.token)).toBe(200);
    for (let i = 0; i < 4; i += 1) {
      clock.advanceMinutes(25);
      expect(await page(busy.token), `after ${(i + 1) * 25} min`).toBe(200);
      // Anna's, unused since the start, ends once 30 minutes have passed.
      if (i === 1) {
        expect(await page(idle.token)).toBe(303);
        expect(await sessions.checkId(idle.session.id)).toEqual({ ok: false, reason: 'idle' });
      }
    }
    clock.advanceMinutes(25);
    // 125 minutes on: Karin's, used every 25 minutes, has passed its 2 hours.
    expect(await page(busy.token)).toBe(303);
    expect(await sessions.checkId(busy.session.id)).toEqual({ ok: false, reason: 'expired' });
  });

  it('revokes one person\'s sessions or everyone\'s, with an audit event each', async () => {
    const a1 = await sessions.start('anna.lind', 'idp');
    const a2 = await sessions.start('anna.lind', 'idp');
    const k = await sessions.start('karin.dahl', 'idp');
    expect(await sessions.revoke({ personId: 'anna.lind' }, 'revoked', 'lena.sjoberg')).toBe(2);
    expect([await page(a1.token), await page(a2.token), await page(k.token)]).toEqual([303, 303, 200]);
    expect(await sessions.revoke({ all: true }, 'revoked', 'cli')).toBe(1);
    expect(await page(k.token)).toBe(303);
    const events = await app.db.prisma.auditEvent.findMany({ where: { action: 'web.session_revoked' } });
    expect(events.map((e) => e.subjectId).sort()).toEqual([a1.session.id, a2.session.id, k.session.id].sort());
  });

  it('refuses a person deactivated in the configuration at the next request', async () => {
    const erik = await sessions.start('erik.holm', 'idp');
    expect(await page(erik.token)).toBe(200);
    await app.db.prisma.person.update({ where: { id: 'erik.holm' }, data: { active: false } });
    (app.deps.directory as PrismaDirectoryReader).invalidate();
    expect(await page(erik.token)).toBe(303);
    expect(await app.db.prisma.webSession.findUnique({ where: { id: erik.session.id } })).toMatchObject({ revokedReason: 'person_inactive' });
  });
});
