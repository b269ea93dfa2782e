import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { DATABASE_KINDS } from '../support/test-database.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { wireWeb } from '../../src/cli/wire-web.ts';
import { replyText, say } from './support/harness.ts';

// The area picture counts overdue agency actions (the core's `actionOverdueNow`): an accepted action past its due
// time and a proposal past its answer deadline, on the incident's area and every area above it, and they colour the
// area like open incidents. Read over HTTP, as the supervisor's browser gets the page, on PGlite and PostgreSQL.

const T0 = new Date('2026-11-26T09:00:00Z');

describe.each(DATABASE_KINDS)('overdue actions in the area picture (%s)', (kind) => {
  let app: TestApp;
  const clock = new ManualClock(T0);

  beforeAll(async () => {
    app = await startTestApp(kind, { clock, background: false, wires: [wireWeb] });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const at = (minutes: number) => clock.set(new Date(T0.getTime() + minutes * 60_000));
  const picture = async () => {
    const res = await fetch(`${app.url}/supervisor/areas?as=ulla.forsberg&lang=en`);
    expect(res.status).toBe(200);
    return res.text();
  };
  const label = (html: string, area: string) => html.match(new RegExp(`<a[^>]*data-area="${area}"[^>]*aria-label="([^"]*)"`))?.[1]
    ?? html.match(new RegExp(`<a[^>]*aria-label="([^"]*)"[^>]*data-area="${area}"`))?.[1];
  const tableRow = (html: string, area: string) => [...(html.match(new RegExp(`<tr[^>]*data-area="${area}"[^>]*>(.*?)</tr>`, 's'))?.[1] ?? '')
    .matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1].replace(/<[^>]+>/g, '').trim());

  it('counts an accepted action past its due time and a proposal past its answer deadline, and not the others', async () => {
    const incident = (await say(app, 'anna.lind', '/incident Rinkeby 1 stenkastning mot buss vid torget')).incident!;
    let html = await picture();
    expect(label(html, 'rinkeby')).toBe('Rinkeby 1 open, 0 overdue actions, low (1–2)');

    // 1: accepted, due in two hours. 2: proposed, answer deadline in five minutes (severity 1). 3: declined.
    expect(replyText(await say(app, 'maria.ekstrom', `action ${incident.number} polisen öka patrulleringen senast 2026-11-26 12:00`))).toContain('/1');
    await say(app, 'karin.dahl', `action accept ${incident.number}/1`);
    await say(app, 'maria.ekstrom', `action ${incident.number} polisen prata med butiksägarna`);
    await say(app, 'maria.ekstrom', `action ${incident.number} polisen kontakta skolan`);
    await say(app, 'karin.dahl', `action decline ${incident.number}/3 saknar resurser i kväll`);
    expect((await app.db.prisma.agencyAction.findMany({ orderBy: { seq: 'asc' } })).map((a) => a.state)).toEqual(['accepted', 'proposed', 'declined']);
    expect(tableRow(await picture(), 'rinkeby').slice(1, 3)).toEqual(['1', '0']);

    at(6); // the proposal is past its answer deadline
    expect(tableRow(await picture(), 'rinkeby').slice(1, 3)).toEqual(['1', '1']);

    at(4 * 60); // and the accepted action past its due time: one open incident and two overdue actions
    html = await picture();
    expect(label(html, 'rinkeby')).toBe('Rinkeby 1 open, 2 overdue actions, medium (3–5)');
    expect(tableRow(html, 'rinkeby').slice(1, 3)).toEqual(['1', '2']);
    // The district and the city add up their areas; an area elsewhere has none.
    expect(tableRow(html, 'jarva').slice(1, 3)).toEqual(['1', '2']);
    expect(tableRow(html, 'stockholm').slice(1, 3)).toEqual(['1', '2']);
    expect(tableRow(html, 'skarholmen').slice(1, 3)).toEqual(['0', '0']);

    await say(app, 'karin.dahl', `action done ${incident.number}/1 patrull på plats`);
    await say(app, 'karin.dahl', `action accept ${incident.number}/2`);
    expect(tableRow(await picture(), 'rinkeby').slice(1, 3)).toEqual(['1', '0']);
  });
});
