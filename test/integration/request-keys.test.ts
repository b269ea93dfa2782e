import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { DATABASE_KINDS } from '../support/test-database.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import type { Database } from '../../src/infra/db/database.ts';
import type { Incident } from '../../src/core/incident/incident.types.ts';
import { requestKeyPruneJob, REQUEST_KEY_RETENTION_MS } from '../../src/infra/request-key/prune-request-keys.job.ts';
import { silentLogger } from '../../src/infra/log/logger.ts';
import { auditAfter, lastAuditSeq, press, replyText, rowCounts, say } from './support/harness.ts';

// Durable request keys: a state-changing request delivered (or run from the inbox) a second time with the same key
// changes nothing, writes no audit event and queues no message, and says it was done before. The key is stored in
// the transaction of the change, so it survives restarts with it.

/** Everything a command may write, request keys included. */
async function written(db: Database) {
  const [row] = await db.sql.query<{ keys: number; notes: number; closed: number }>(
    `SELECT (SELECT count(*)::int FROM request_key) AS keys, (SELECT count(*)::int FROM incident_note) AS notes,
            (SELECT count(*)::int FROM incident WHERE status = 'closed') AS closed`);
  return { ...(await rowCounts(db)), ...row };
}

describe.each(DATABASE_KINDS)('request keys (%s)', (kind) => {
  let app: TestApp;
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));
  const register = async (): Promise<Incident> => (await say(app, 'anna.lind', '/incident Rinkeby 2 stenkastning mot buss')).incident!;

  beforeAll(async () => {
    app = await startTestApp(kind, { clock, background: false, wires: [], listen: false });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('a replayed note adds nothing and says the request was done before', async () => {
    const incident = await register();
    const first = await say(app, 'karin.dahl', `notera ${incident.ref} polis på plats`, { requestKey: 'note-1' });
    expect(replyText(first)).toBe(`Anteckning tillagd på ${incident.ref}.`);
    const before = await written(app.db);
    const seq = await lastAuditSeq(app.db);
    const replay = await say(app, 'karin.dahl', `notera ${incident.ref} polis på plats`, { requestKey: 'note-1' });
    expect(replay.changed).toBe(false);
    expect(replyText(replay)).toBe(`Den här begäran om ${incident.ref} var redan utförd. Inget ändrat.`);
    expect(await written(app.db)).toEqual(before);
    expect(await auditAfter(app.db, seq)).toEqual([]);
    const key = await app.db.prisma.requestKey.findUniqueOrThrow({ where: { key: 'note-1' } });
    expect([key.kind, key.subject]).toEqual(['incident.note', incident.ref]);
  });

  it('two deliveries of one note at once store it once', async () => {
    const incident = await register();
    const seq = await lastAuditSeq(app.db);
    const outcomes = await Promise.all([1, 2, 3].map(() => say(app, 'karin.dahl', `note ${incident.ref} två gripna`, { requestKey: 'note-race' })));
    expect(outcomes.map((o) => o.changed).sort()).toEqual([false, false, true]);
    expect(await app.db.prisma.incidentNote.count({ where: { incidentId: incident.id } })).toBe(1);
    expect((await auditAfter(app.db, seq)).map((e) => e.action)).toEqual(['incident.noted']);
  });

  it('without a key (typed in the CLI) every request counts, as before', async () => {
    const incident = await register();
    await say(app, 'karin.dahl', `note ${incident.ref} samma text`);
    await say(app, 'karin.dahl', `note ${incident.ref} samma text`);
    expect(await app.db.prisma.incidentNote.count({ where: { incidentId: incident.id } })).toBe(2);
  });

  it('replayed answers (ack, responding, decline) change nothing and say who answered when', async () => {
    const incident = await register();
    clock.advanceMinutes(3);
    const answers: Array<[string, Parameters<typeof press>[2]]> = [
      ['karin.dahl', { action: 'ack', incidentRef: incident.ref, agencyId: 'polisen' }],
      ['lars.nordin', { action: 'responding', incidentRef: incident.ref, agencyId: 'brandforsvaret' }],
      ['anders.viklund', { action: 'decline', incidentRef: incident.ref, agencyId: 'kriminalvarden' }],
    ].map(([who, value]) => [who as string, value]);
    for (const [i, [who, value]] of answers.entries()) {
      expect((await press(app, who, value, 'inte vår', { requestKey: `answer-${i}` })).changed).toBe(true);
    }
    const before = await written(app.db);
    const seq = await lastAuditSeq(app.db);
    const replies: string[] = [];
    for (const [i, [who, value]] of answers.entries()) {
      const replay = await press(app, who, value, 'inte vår', { requestKey: `answer-${i}` });
      expect(replay.changed).toBe(false);
      replies.push(replyText(replay));
    }
    expect(replies).toEqual([
      `Polismyndigheten har redan svarat på ${incident.ref} (Kvitterad, 10:03 av Karin Dahl). Inget ändrat.`,
      expect.stringMatching(new RegExp(`^Storstockholms brandförsvar har redan svarat på ${incident.ref} \\(.*, 10:03 av Lars Nordin\\)\\. Inget ändrat\\.$`)),
      expect.stringMatching(new RegExp(`^Kriminalvården har redan svarat på ${incident.ref} \\(.*, 10:03 av Anders Viklund\\)\\. Inget ändrat\\.$`)),
    ]);
    expect(await written(app.db)).toEqual(before);
    expect(await auditAfter(app.db, seq)).toEqual([]);
    const keys = await app.db.prisma.requestKey.findMany({ where: { key: { startsWith: 'answer-' } }, orderBy: { key: 'asc' } });
    expect(keys.map((k) => [k.key, k.kind, k.subject])).toEqual([
      ['answer-0', 'incident.acknowledged', incident.ref], ['answer-1', 'incident.responding', incident.ref], ['answer-2', 'incident.declined', incident.ref],
    ]);
  });

  it('a replayed close does not close again what was reopened since; a replayed reopen does not reopen', async () => {
    const incident = await register();
    expect(replyText(await say(app, 'anna.lind', `stäng ${incident.ref} lugnt nu`, { requestKey: 'close-1' }))).toBe(`${incident.ref} är stängd.`);
    expect(replyText(await say(app, 'anna.lind', `återöppna ${incident.ref}`, { requestKey: 'reopen-1' }))).toBe(`${incident.ref} är öppnad igen.`);
    const before = await written(app.db);
    const seq = await lastAuditSeq(app.db);
    const close = await say(app, 'anna.lind', `stäng ${incident.ref} lugnt nu`, { requestKey: 'close-1' });
    expect(replyText(close)).toBe(`Den här begäran om ${incident.ref} var redan utförd. Inget ändrat.`);
    expect((await app.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe('open');
    // Closed again by a new request, then the old reopen is replayed: it stays closed.
    expect((await say(app, 'anna.lind', `close ${incident.ref}`, { requestKey: 'close-2', locale: 'en' })).changed).toBe(true);
    const afterClose = await written(app.db);
    const reopen = await say(app, 'anna.lind', `reopen ${incident.ref}`, { requestKey: 'reopen-1', locale: 'en' });
    expect(replyText(reopen)).toBe(`This request about ${incident.ref} was already carried out. Nothing changed.`);
    expect(await written(app.db)).toEqual(afterClose);
    expect(afterClose.closed).toBe(before.closed + 1);
    expect((await auditAfter(app.db, seq)).map((e) => e.action)).toEqual(['incident.closed']);
  });

  it('a replayed registration still returns the first incident (its key stays on the incident)', async () => {
    const first = await say(app, 'anna.lind', '/incident Tensta 1 bilbrand', { requestKey: 'register-1' });
    const before = await written(app.db);
    const replay = await say(app, 'anna.lind', '/incident Tensta 1 bilbrand', { requestKey: 'register-1' });
    expect([replay.changed, replay.incident!.ref]).toEqual([false, first.incident!.ref]);
    expect(await written(app.db)).toEqual(before);
  });

  it('keys older than the retention window (7 days) are pruned by the periodic job; younger ones are kept', async () => {
    const incident = await register();
    await say(app, 'karin.dahl', `note ${incident.ref} gammal`, { requestKey: 'old-note' });
    clock.advanceMinutes(REQUEST_KEY_RETENTION_MS / 60_000 - 10);
    await say(app, 'karin.dahl', `note ${incident.ref} ny`, { requestKey: 'young-note' });
    clock.advanceMinutes(11);
    const total = await app.db.prisma.requestKey.count();
    const pruned = await requestKeyPruneJob(app.db, clock, silentLogger).runOnce();
    expect(pruned).toBe(total - 1);
    expect((await app.db.prisma.requestKey.findMany()).map((k) => k.key)).toEqual(['young-note']);
    // The young key still guards its request.
    expect((await say(app, 'karin.dahl', `note ${incident.ref} ny`, { requestKey: 'young-note' })).changed).toBe(false);
  });
});
