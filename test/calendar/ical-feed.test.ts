import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { capturedOutput } from '../support/cli-output.ts';
import { SHIFTS_CONFIG } from '../shift/shift-test-app.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { wireIcal } from '../../src/cli/wire-ical.ts';
import { runIcalCli, type IcalCliRequest } from '../../src/cli/commands/ical.command.ts';
import { foldLine } from '../../adapters/ical/render-ical.ts';
import { checkIcal } from './support/ical-check.ts';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireFolderLock } from '../../src/infra/db/pglite-folder-lock.ts';
import { serveLocalCli } from '../../src/infra/local-cli/local-cli-server.ts';
import { findFolderOwner, runOnOwner } from '../../src/infra/local-cli/local-cli-client.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { localCliHandler } from '../../src/cli/local-cli-handler.ts';

// Private roster feeds at /ical/<token>: issued and revoked from the CLI (audited, hashes only), fetched over HTTP
// like a calendar app does, checked against RFC 5545, overrides included, every fetch in the read log.

const NOW = new Date('2026-06-08T08:00:00Z');

describe('roster feeds (iCal) over HTTP', () => {
  let app: TestApp;
  const clock = new ManualClock(NOW);

  beforeAll(async () => {
    app = await startTestApp('postgres', { clock, wires: [wireIcal], background: false, env: { SAMBAND_CONFIG: SHIFTS_CONFIG } });
  });
  afterAll(async () => { await app?.stop(); });

  async function cli(request: IcalCliRequest) {
    const output = capturedOutput();
    const code = await runIcalCli({ db: app.db, directory: app.deps.directory, clock, shifts: app.deps.shifts }, request, output);
    return { code, out: output.out(), err: output.err() };
  }

  async function issue(subject: string, holder?: string): Promise<{ id: string; path: string }> {
    const result = await cli({ command: 'ical-issue', subject, holder });
    expect(result.code).toBe(0);
    const [first, path] = result.out.trim().split('\n');
    return { id: first.split('\t')[0], path };
  }

  const get = (path: string) => fetch(`${app.url}${path}`);

  it("a person's feed is valid iCal with their shifts in UTC, and its token is stored only as a hash", async () => {
    const { id, path } = await issue('p.night1');
    expect(path).toMatch(/^\/ical\/[A-Za-z0-9_-]{43}$/);
    const response = await get(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const { calendar, events } = checkIcal(await response.text());
    expect(calendar['X-WR-CALNAME']).toBe('Samband – Nils Natt');
    // Night shifts 23:00–07:00 Stockholm summer time: 21:00Z to 05:00Z, two weeks back to three months ahead.
    const tonight = events.find((e) => e.uid === 'polisen-jarva.natt.2026-06-08.p.night1@samband');
    expect(tonight).toMatchObject({ start: new Date('2026-06-08T21:00:00Z'), end: new Date('2026-06-09T05:00:00Z'), summary: 'Natt – Polisen Järva' });
    expect(tonight!.description).toBe('I tjänst: Nils Natt, Nora Natt');
    expect(events[0].start.toISOString()).toBe('2026-05-24T21:00:00.000Z');
    // From the night that runs into the first day (24 May) to the one starting on the last (6 September).
    expect(events).toHaveLength(106);
    expect(events.at(-1)).toMatchObject({ uid: 'polisen-jarva.natt.2026-09-06.p.night1@samband', start: new Date('2026-09-06T21:00:00Z') });

    const rows = await app.db.prisma.calendarToken.findMany({ where: { id } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(path.slice('/ical/'.length));
    const audit = await app.db.prisma.auditEvent.findMany({ where: { subjectType: 'calendar_token', subjectId: id } });
    expect(audit.map((a) => [a.action, a.actorId, a.platform])).toEqual([['calendar.token_issued', 'cli', 'cli']]);
    expect(JSON.stringify(audit.map((a) => [a.before, a.after]))).not.toContain(path.slice('/ical/'.length));
  });

  it('every fetch is in the read log: whose feed, surface ical, on the token', async () => {
    const { id, path } = await issue('p.eve1');
    const before = await app.db.prisma.accessLog.count({ where: { surface: 'ical' } });
    expect((await get(path)).status).toBe(200);
    expect((await get(path)).status).toBe(200);
    const rows = await app.db.prisma.accessLog.findMany({ where: { surface: 'ical', requestId: id } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ personId: 'p.eve1', agencyId: 'polisen', incidentId: null, fields: ['roster'], ground: 'feed_token', confidential: false });
    expect(await app.db.prisma.accessLog.count({ where: { surface: 'ical' } })).toBe(before + 2);
  });

  it('an override shows: a swap moves the night from one feed to the other, marked as changed', async () => {
    const night = await issue('p.night1');
    const day = await issue('p.day1');
    const swap = await app.service.handle({
      platform: 'web', workspace: '', userId: 'lena', requestId: `t-${randomUUID()}`,
      input: { type: 'text', text: '/shift swap polisen-jarva 2026-07-01 natt p.night1 p.day1' },
    });
    expect(swap.changed).toBe(true);

    const nightEvents = checkIcal(await (await get(night.path)).text()).events;
    expect(nightEvents.some((e) => e.uid.startsWith('polisen-jarva.natt.2026-07-01.'))).toBe(false);
    expect(nightEvents.some((e) => e.uid.startsWith('polisen-jarva.natt.2026-07-02.'))).toBe(true);

    const dayEvents = checkIcal(await (await get(day.path)).text()).events;
    const covered = dayEvents.find((e) => e.uid === 'polisen-jarva.natt.2026-07-01.p.day1@samband');
    expect(covered).toMatchObject({ start: new Date('2026-07-01T21:00:00Z'), end: new Date('2026-07-02T05:00:00Z') });
    expect(covered!.description).toBe('I tjänst: Nora Natt, Pia Dag\nÄndrat från grundschemat');
    // Their usual day shift that day is still there.
    expect(dayEvents.some((e) => e.uid === 'polisen-jarva.dag.2026-07-01.p.day1@samband')).toBe(true);
  });

  it("a roster's feed names everyone on each shift, in the holder's language, and logs the holder", async () => {
    const { id, path } = await issue('roster:jarva-joint', 'john');
    const { calendar, events } = checkIcal(await (await get(path)).text());
    expect(calendar['X-WR-CALNAME']).toBe('Samband – Järva joint');
    // Weekdays only: Monday 2026-06-08, 08:00–17:00 summer time.
    const monday = events.find((e) => e.uid === 'jarva-joint.dag.2026-06-08@samband');
    expect(monday).toMatchObject({ start: new Date('2026-06-08T06:00:00Z'), end: new Date('2026-06-08T15:00:00Z'), summary: 'Day – Järva joint' });
    expect(monday!.description).toBe('On duty: Rut Region, Siri Soc');
    expect(events.some((e) => e.uid === 'jarva-joint.dag.2026-06-13@samband')).toBe(false);
    const logged = await app.db.prisma.accessLog.findFirstOrThrow({ where: { requestId: id } });
    expect(logged).toMatchObject({ personId: 'john', agencyId: 'polisen', surface: 'ical' });
  });

  it('a revoked token, an unknown one and a malformed one all get 404; revoking twice is refused', async () => {
    const { id, path } = await issue('p.day2');
    expect((await get(path)).status).toBe(200);
    const revoked = await cli({ command: 'ical-revoke', id });
    expect(revoked).toMatchObject({ code: 0, out: `${id}\trevoked\n` });
    expect((await get(path)).status).toBe(404);
    expect((await get(`${path}.ics`)).status).toBe(404);
    expect((await get('/ical/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
    expect((await get('/ical/%E0%A4%A')).status).toBe(404);
    expect((await get('/ical/')).status).toBe(404);
    expect(await cli({ command: 'ical-revoke', id })).toMatchObject({ code: 1, err: expect.stringContaining('was revoked on') });
    const audit = await app.db.prisma.auditEvent.findMany({ where: { subjectType: 'calendar_token', subjectId: id }, orderBy: { seq: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['calendar.token_issued', 'calendar.token_revoked']);
    const listed = await cli({ command: 'ical-list' });
    expect(listed.out).toContain(`${id}\tperson p.day2\tissued `);
    expect(listed.out).toMatch(new RegExp(`${id}\\t.*\\trevoked 2026-06-08T08:00:00.000Z`));
  });

  it('unknown people and rosters are refused and nothing is stored', async () => {
    const before = await app.db.prisma.calendarToken.count();
    expect(await cli({ command: 'ical-issue', subject: 'nobody' })).toMatchObject({ code: 1, err: 'no person or roster "nobody" in the deployment\n' });
    expect(await cli({ command: 'ical-issue', subject: 'roster:jarva-joint', holder: 'ghost' })).toMatchObject({ code: 1 });
    expect(await cli({ command: 'ical-revoke', id: 'cal-none' })).toMatchObject({ code: 1, err: 'no calendar token "cal-none"\n' });
    expect(await app.db.prisma.calendarToken.count()).toBe(before);
  });

  it('issues, lists and revokes through the server that owns the embedded folder', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'samband-ical-cli-'));
    const folder = join(temp, 'data');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const lock = acquireFolderLock(folder, { command: 'samband start' });
    const server = await serveLocalCli(folder, localCliHandler(app), silentLogger);
    try {
      const endpoint = findFolderOwner(folder)!;
      const issued = capturedOutput();
      expect(await runOnOwner(endpoint, { command: 'ical-issue', subject: 'roster:polisen-jarva', holder: 'maria' }, issued)).toBe(0);
      const [line, path] = issued.out().trim().split('\n');
      const id = line.split('\t')[0];
      expect(line).toBe(`${id}\troster polisen-jarva`);
      expect((await get(path)).status).toBe(200);
      const listed = capturedOutput();
      expect(await runOnOwner(endpoint, { command: 'ical-list' }, listed)).toBe(0);
      expect(listed.out()).toContain(`${id}\troster polisen-jarva for maria\tissued 2026-06-08T08:00:00.000Z\tactive`);
      expect(await runOnOwner(endpoint, { command: 'ical-revoke', id }, capturedOutput())).toBe(0);
      expect((await get(path)).status).toBe(404);
    } finally {
      await server.close();
      lock.release();
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'Ärende å ö '.repeat(20)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.split('\r\n').map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
  });
});

describe('the feed handler when storage fails', () => {
  it('answers 503 and never logs the token', async () => {
    const { createServer } = await import('node:http');
    const { createIcalFeedHandler } = await import('../../adapters/ical/ical-feed-handler.ts');
    const logged: string[] = [];
    const handler = createIcalFeedHandler({
      openFeed: async () => { throw new Error('database unreachable'); },
      now: () => NOW,
      logger: { log: (level, event, fields) => logged.push(JSON.stringify({ level, event, ...fields })) },
    });
    const server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const token = 'Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eHF1dXg';
      const response = await fetch(`http://127.0.0.1:${port}/ical/${token}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('60');
      expect(logged).toEqual([JSON.stringify({ level: 'error', event: 'ical.failed', error: 'database unreachable' })]);
      expect(logged.join()).not.toContain(token);
      expect((await fetch(`http://127.0.0.1:${port}/ical/${token}`, { method: 'POST' })).status).toBe(405);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
