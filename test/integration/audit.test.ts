import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { DATABASE_KINDS } from '../support/test-database.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { PlatformError } from '../../src/core/ports/chat-platform.port.ts';
import { MemoryPlatform, memoryPlatformAs } from '../../adapters/memory/memory-platform.ts';
import { verifyAuditChain } from '../../src/infra/audit/verify-audit-chain.ts';
import { exportAudit, type ExportFormat } from '../../src/infra/audit/export-audit.ts';
import { parseBoundary } from '../../src/cli/commands/audit.command.ts';
import { auditAfter, lastAuditSeq, say } from './support/harness.ts';

// The audit trail: every change leaves exactly its events, the hash chain verifies and names a tampered event, the
// database refuses to change or remove events, concurrent writers keep one chain, and exports cut by local days.

/** Collects what an export writes. */
function sink(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
  return Object.assign(stream, { text: () => chunks.join('') });
}

describe('parseBoundary: days are local days in Europe/Stockholm', () => {
  it.each([
    ['2026-11-26', false, '2026-11-25T23:00:00.000Z'], // winter: UTC+1
    ['2026-11-26', true, '2026-11-26T23:00:00.000Z'], // `to` days are inclusive: the next local midnight
    ['2026-07-01', false, '2026-06-30T22:00:00.000Z'], // summer: UTC+2
    ['2026-03-29', false, '2026-03-28T23:00:00.000Z'], // the 23-hour day clocks go forward
    ['2026-03-29', true, '2026-03-29T22:00:00.000Z'],
    ['2026-10-25', false, '2026-10-24T22:00:00.000Z'], // the 25-hour day clocks go back
    ['2026-10-25', true, '2026-10-25T23:00:00.000Z'],
    ['2026-12-31', true, '2026-12-31T23:00:00.000Z'], // across the year
    ['2026-11-26T12:30:00Z', false, '2026-11-26T12:30:00.000Z'], // an instant stays that instant
    ['2026-11-26T12:30:00+01:00', true, '2026-11-26T11:30:00.000Z'],
  ])('%s (end: %s) -> %s', (text, end, iso) => {
    expect(parseBoundary(text, end).toISOString()).toBe(iso);
  });

  it('refuses what is not a date', () => {
    expect(() => parseBoundary('yesterday', false)).toThrow('not a date: yesterday');
  });
});

describe.each(DATABASE_KINDS)('the audit trail (%s)', (kind) => {
  let app: TestApp;
  // 23:30 local time on 25 November: the first events fall on the 25th, later ones on the 26th.
  const clock = new ManualClock(new Date('2026-11-25T22:30:00Z'));
  const inner = new MemoryPlatform({
    failWith: (_call, address) => {
      if (address.channel === 'area:husby') return new PlatformError('channel_not_found', false);
      if (address.channel === 'agency:sig-19-29' && !retried.has(address.channel)) {
        retried.add(address.channel);
        return new PlatformError('rate limited', true, 1000);
      }
      return undefined;
    },
  });
  const retried = new Set<string>();

  beforeAll(async () => {
    app = await startTestApp(kind, { clock, background: false, wires: [], listen: false, platforms: [memoryPlatformAs('web', inner)] });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('every change leaves exactly its events; queries and bad input leave none', async () => {
    const seq = await lastAuditSeq(app.db);
    const { incident } = await say(app, 'anna.lind', '/incident Rinkeby 2 stenkastning mot buss');
    const ref = incident!.ref;
    await say(app, 'anna.lind', `status ${ref}`);
    await say(app, 'anna.lind', 'lista');
    await say(app, 'anna.lind', 'hjälp');
    await say(app, 'anna.lind', '/incident');
    await say(app, 'anna.lind', '/incident Rinkby 2 bråk');
    await say(app, 'karin.dahl', `kvittera ${ref}`);
    await say(app, 'karin.dahl', `kvittera ${ref}`); // already acknowledged: nothing
    await say(app, 'lars.nordin', `påväg ${ref}`);
    await say(app, 'anders.viklund', `avböj ${ref} inte vårt`);
    await say(app, 'karin.dahl', `notera ${ref} på plats`);
    await say(app, 'anna.lind', `kvittera ${ref}`); // refused
    await say(app, 'anna.lind', `stäng ${ref}`);
    await say(app, 'anna.lind', `stäng ${ref}`); // already closed: nothing
    await say(app, 'maria.ekstrom', `återöppna ${ref}`);
    const events = await auditAfter(app.db, seq);
    expect(events.map((e) => [e.action, e.actorId, e.subjectId])).toEqual([
      ['incident.registered', 'anna.lind', ref],
      ['incident.acknowledged', 'karin.dahl', ref],
      ['incident.responding', 'lars.nordin', ref],
      ['incident.declined', 'anders.viklund', ref],
      ['incident.noted', 'karin.dahl', ref],
      ['access.denied', 'anna.lind', ref],
      ['incident.closed', 'anna.lind', ref],
      ['incident.reopened', 'maria.ekstrom', ref],
    ]);
    expect(events.every((e) => e.platform === 'memory' && e.requestId?.startsWith('test-'))).toBe(true);
    // Each event is bound to the one before it.
    for (let i = 1; i < events.length; i += 1) expect(events[i].prevHash).toBe(events[i - 1].hash);
  });

  it('each delivery outcome leaves one event and one attempt row: delivered, retry scheduled, failed', async () => {
    const { incident } = await say(app, 'sara.nyberg', '/incident Husby 3 #public-order nedskräpning');
    const seq = await lastAuditSeq(app.db);
    const pass = async () => { while ((await app.worker.runOnce()) > 0) { /* until nothing is due */ } };
    await pass();
    clock.advanceMinutes(1); // past the Retry-After of the rate-limited channel
    await pass();
    const rows = await app.db.prisma.notification.findMany({ where: { incidentId: incident!.id }, include: { deliveryAttempts: true } });
    expect(rows.find((r) => r.channel === 'area:husby')).toMatchObject({ status: 'dead', attempts: 1, lastError: 'channel_not_found' });
    expect(rows.find((r) => r.channel === 'agency:sig-19-29')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(rows.length - 1);

    // The first pass also delivered what the test before queued; only this incident's notifications count here.
    const ids = new Set(rows.map((r) => r.id));
    const events = (await auditAfter(app.db, seq)).filter((e) => e.subjectType === 'notification' && ids.has(e.subjectId));
    const attempts = rows.flatMap((r) => r.deliveryAttempts);
    expect(events).toHaveLength(attempts.length);
    expect(events.filter((e) => e.action === 'notification.delivered')).toHaveLength(rows.length - 1);
    expect(events.filter((e) => e.action === 'notification.retry_scheduled').map((e) => e.subjectId))
      .toEqual([rows.find((r) => r.channel === 'agency:sig-19-29')!.id]);
    expect(events.filter((e) => e.action === 'notification.failed').map((e) => e.subjectId))
      .toEqual([rows.find((r) => r.channel === 'area:husby')!.id]);
    for (const row of rows) {
      expect(events.filter((e) => e.subjectId === row.id)).toHaveLength(row.deliveryAttempts.length);
    }
  });

  it('the chain verifies on a normal trail', async () => {
    const report = await verifyAuditChain(app.db);
    expect(report.firstBreak).toBeNull();
    expect(report.checked).toBe(await app.db.prisma.auditEvent.count());
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE of audit events', async () => {
    const count = await app.db.prisma.auditEvent.count();
    await expect(app.db.sql.exec(`UPDATE audit_event SET actor_id = 'someone-else'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(app.db.sql.exec('DELETE FROM audit_event')).rejects.toThrow(/append-only: DELETE refused/);
    await expect(app.db.sql.exec('TRUNCATE audit_event')).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(app.db.prisma.auditEvent.updateMany({ data: { action: 'x' } })).rejects.toThrow();
    await expect(app.db.prisma.auditEvent.deleteMany({})).rejects.toThrow();
    expect(await app.db.prisma.auditEvent.count()).toBe(count);
    expect((await verifyAuditChain(app.db)).firstBreak).toBeNull();
  });

  it(`the chain stays whole under concurrent writers`, async () => {
    const seq = await lastAuditSeq(app.db);
    const n = kind === 'postgres' ? 50 : 15;
    const outcomes = await Promise.all(Array.from({ length: n }, (_, i) =>
      say(app, i % 2 ? 'anna.lind' : 'erik.holm', `/incident ${i % 2 ? 'Rinkeby' : 'Vårberg'} 3 bråk nummer ${i}`)));
    expect(outcomes.every((o) => o.changed)).toBe(true);
    expect(new Set(outcomes.map((o) => o.incident!.ref)).size).toBe(n);
    const events = await auditAfter(app.db, seq);
    expect(events.filter((e) => e.action === 'incident.registered')).toHaveLength(n);
    const report = await verifyAuditChain(app.db);
    expect(report.firstBreak).toBeNull();
    expect(report.checked).toBe(await app.db.prisma.auditEvent.count());
  });

  it('exports a date range as JSON lines and CSV, cut at local midnight, with progress', async () => {
    // Events so far happened at 23:30 on the 25th (local). Two more on the 26th: 00:30 and 23:59 local time.
    clock.set(new Date('2026-11-25T23:30:00Z'));
    const early = (await say(app, 'anna.lind', '/incident Rinkeby 3 bråk efter midnatt')).incident!;
    clock.set(new Date('2026-11-26T22:59:00Z'));
    const late = (await say(app, 'anna.lind', '/incident Rinkeby 3 bråk före midnatt')).incident!;
    clock.set(new Date('2026-11-26T23:00:00Z')); // 00:00 on the 27th: outside the day
    await say(app, 'anna.lind', '/incident Rinkeby 3 bråk nästa dag');

    const run = async (format: ExportFormat, from: string, to: string) => {
      const out = sink();
      const progress: Array<[number, number]> = [];
      const count = await exportAudit(app.db, out, {
        from: parseBoundary(from, false), to: parseBoundary(to, true), format, progressEvery: 1, onProgress: (done, total) => progress.push([done, total]),
      });
      return { count, text: out.text(), progress };
    };

    const day26 = await run('jsonl', '2026-11-26', '2026-11-26');
    const lines = day26.text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(day26.count).toBe(2);
    expect(lines.map((l) => [l.action, l.subjectId, l.at])).toEqual([
      ['incident.registered', early.ref, '2026-11-25T23:30:00.000Z'],
      ['incident.registered', late.ref, '2026-11-26T22:59:00.000Z'],
    ]);
    expect(Object.keys(lines[0])).toEqual(['seq', 'at', 'actorId', 'action', 'subjectType', 'subjectId', 'platform', 'requestId', 'before', 'after', 'payloadDigest', 'prevHash', 'hash']);
    expect(lines[0].after).toMatchObject({ areaId: 'rinkeby', severity: 3 });
    expect(day26.progress).toEqual([[1, 2], [2, 2], [2, 2]]);

    const all = await app.db.prisma.auditEvent.count({ where: { at: { lt: new Date('2026-11-26T23:00:00Z') } } });
    const both = await run('csv', '2026-11-25', '2026-11-26');
    const rows = both.text.trimEnd().split('\n');
    expect(both.count).toBe(all);
    expect(rows[0]).toBe('seq,at,actorId,action,subjectType,subjectId,platform,requestId,before,after,payloadDigest,prevHash,hash');
    expect(rows).toHaveLength(all + 1);
    expect(rows[1]).toMatch(/^\d+,2026-11-25T22:30:00\.000Z,config,config\.loaded,config,/);
    // JSON cells are quoted, quotes doubled.
    expect(rows.find((r) => r.includes(`,${early.ref},`))).toMatch(/,"\{""agencies"":/);
    expect(both.progress.at(-1)).toEqual([all, all]);

    const none = await run('jsonl', '2026-11-20', '2026-11-24');
    expect(none).toEqual({ count: 0, text: '', progress: [[0, 0]] });
  });

  it('tampering is detected and names the event; the chain verifies again once the content is restored', async () => {
    const target = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'incident.acknowledged' }, orderBy: { seq: 'asc' } });
    const original = JSON.stringify(target.after);
    // As the superuser who owns the table: switch the guard off, change one event, switch it on again.
    const tamper = (set: string) => app.db.sql.exec(`
      ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete;
      UPDATE audit_event SET ${set} WHERE seq = ${target.seq};
      ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete;`);

    await tamper(`after = jsonb_set(after, '{agencyId}', '"brandforsvaret"')`);
    let report = await verifyAuditChain(app.db);
    expect(report.firstBreak).toMatchObject({ seq: target.seq, reason: 'payload_changed', action: 'incident.acknowledged' });
    expect(report.checked).toBe(await app.db.prisma.auditEvent.count({ where: { seq: { lt: target.seq } } }));

    await tamper(`after = '${original.replace(/'/g, "''")}'::jsonb`);
    expect((await verifyAuditChain(app.db)).firstBreak).toBeNull();

    // A rewritten event with a recomputed digest still breaks the hash that binds it to its place.
    await tamper(`actor_id = 'mikael.strand'`);
    report = await verifyAuditChain(app.db);
    expect(report.firstBreak).toMatchObject({ seq: target.seq, reason: 'payload_changed' });
    await tamper(`actor_id = '${target.actorId}', hash = repeat('0', 64)`);
    expect((await verifyAuditChain(app.db)).firstBreak).toMatchObject({ seq: target.seq, reason: 'hash_mismatch' });
    await tamper(`hash = '${target.hash}'`);
    expect((await verifyAuditChain(app.db)).firstBreak).toBeNull();

    // A removed event breaks the link of the one after it.
    const next = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { seq: { gt: target.seq } }, orderBy: { seq: 'asc' } });
    await app.db.sql.exec(`
      ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete;
      DELETE FROM audit_event WHERE seq = ${target.seq};
      ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete;`);
    expect((await verifyAuditChain(app.db)).firstBreak).toMatchObject({ seq: next.seq, reason: 'broken_link' });
  });
});
