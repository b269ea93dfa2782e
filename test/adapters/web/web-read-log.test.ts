import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../support/test-app.ts';
import { wireWeb } from '../../../src/cli/wire-web.ts';
import { ManualClock } from '../../../src/core/ports/clock.port.ts';
import { consoleClient } from './web-test-client.ts';

/**
 * The read log through the web console: a status read in the console is logged with surface `web`, the supervisor
 * view logs what it shows, and its timeline shows who read the confidential details and on which basis.
 */
describe('the read log in the web console', () => {
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  let app: TestApp;
  let client: ReturnType<typeof consoleClient>;

  beforeAll(async () => {
    app = await startTestApp('postgres', { wires: [wireWeb], clock });
    client = consoleClient(app.url);
  }, 180_000);
  afterAll(async () => { await app?.stop(); });

  it('logs a status read and the supervisor view, and the timeline shows the confidential read with its basis', async () => {
    const registered = await client.post('/command', { as: 'anna.lind', text: '/incident Rinkeby 2 stenkastning mot buss känsligt: pojke 14 år' });
    expect(registered.status).toBe(200);
    const ref = registered.body.incident as string;
    const [{ basis }] = await app.db.prisma.incidentAgency.findMany({ where: { agencyId: 'polisen' }, select: { sensitiveBasis: true } })
      .then((rows) => rows.map((r) => ({ basis: r.sensitiveBasis! })));
    expect(basis).toMatch(/^OSL /);

    clock.advanceMinutes(3);
    const status = await client.post('/command', { as: 'karin.dahl', text: `status ${ref}` });
    expect(status.status).toBe(200);
    // (The copies queued for people at registration, 10:00, are disclosures of their own: test/integration/read-log.test.ts.)
    expect(await app.db.prisma.accessLog.findMany({ where: { at: clock.now() }, select: { personId: true, surface: true, confidential: true, basis: true, incidentRef: true } }))
      .toEqual([{ personId: 'karin.dahl', surface: 'web', confidential: true, basis, incidentRef: ref }]);

    clock.advanceMinutes(3);
    const page = await client.get(`/supervisor?as=maria.ekstrom&incident=${ref}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`<li data-action="incident.read_confidential"[^>]*><time[^>]*>10:03:00</time> <span>Karin Dahl \\([^)]+\\) läste sekretessuppgifterna via web, grund: ${basis.replace(/[()§.]/g, '\\$&')}</span>`));
    const viewed = await app.db.prisma.accessLog.findMany({ where: { personId: 'maria.ekstrom', surface: 'web' } });
    expect(viewed.map((r) => [r.incidentRef, r.fields, r.confidential, r.surface, r.ground, r.at.toISOString()]))
      .toEqual([[ref, ['summary', 'description', 'timeline'], false, 'web', 'agency', '2026-11-26T09:06:00.000Z']]);
  });
});
