import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { DATABASE_KINDS } from '../support/test-database.ts';
import { capturedOutput } from '../support/cli-output.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { runAccessReport } from '../../src/cli/commands/access.command.ts';
import { runAuditExport } from '../../src/cli/commands/audit.command.ts';
import { loadConfigFile } from '../../src/infra/config/load-config-file.ts';
import { CITY_CONFIG } from '../support/fixtures.ts';
import { replyText, say } from './support/harness.ts';

// The read log: every status and list a person is shown, and every audit export, is appended to access_log with who,
// which incident, which fields, the surface, the ground and (for confidential details) the routing rule's basis; the
// data protection officer's extract filters it by days, agency and person; the log refuses changes and names a
// tampered entry.

const CONFIDENTIAL = 'pojke 14 år';

describe.each(DATABASE_KINDS)('the read log (%s)', (kind) => {
  let app: TestApp;
  let basis = '';
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z')); // 10:00 in Stockholm
  const rows = () => app.db.prisma.accessLog.findMany({ orderBy: { seq: 'asc' } });
  const report = async (request: { from: string; to: string; agency?: string; person?: string; format?: 'text' | 'csv' }) => {
    const output = capturedOutput();
    const code = await runAccessReport(app.db, { format: 'csv', ...request }, output);
    return { code, out: output.out(), err: output.err() };
  };
  /** An incident of the test's own, with confidential details, reported by Anna (socialtjansten) in Järva. */
  const registered = async () => (await say(app, 'anna.lind', `/incident Rinkeby 2 stenkastning mot buss känsligt: ${CONFIDENTIAL}`)).incident!;

  beforeAll(async () => {
    app = await startTestApp(kind, { clock, background: false, wires: [], listen: false });
    const config = await loadConfigFile(CITY_CONFIG);
    if (!config.ok) throw new Error('bundled config invalid');
    basis = config.config.routing.find((r) => r.id === 'violence')!.basis!;
  });
  afterAll(async () => { await app?.stop(); });

  it('registering records each notification queued for a person (DM, personal chat) as a disclosure; channel copies none', async () => {
    const before = (await rows()).length;
    const outcome = await say(app, 'anna.lind', `/incident Rinkeby 2 stenkastning mot buss känsligt: ${CONFIDENTIAL}`);
    const ref = outcome.incident!.ref;
    const personal = await app.db.prisma.notification.findMany({ where: { incidentId: outcome.incident!.id, personId: { not: null } }, orderBy: { createdAt: 'asc' } });
    expect(personal.length).toBeGreaterThan(0);
    const log = (await rows()).slice(before);
    // One entry per personal copy, in the registering transaction (same time), of what that copy shows.
    expect(log.map((r) => [r.personId, r.surface]).sort()).toEqual(personal.map((n) => [n.personId, n.platform]).sort());
    for (const entry of log) {
      const copy = personal.find((n) => n.personId === entry.personId && n.platform === entry.surface)!;
      const shows = JSON.stringify(copy.message).includes(CONFIDENTIAL);
      expect(entry).toMatchObject({ incidentRef: ref, confidential: shows, ground: 'agency', basis: shows ? basis : null });
      expect(entry.fields).toEqual(shows ? ['summary', 'description', 'confidential'] : ['summary', 'description']);
      expect(entry.at.toISOString()).toBe(clock.now().toISOString());
    }
    expect(log.some((r) => r.confidential)).toBe(true);
    expect(log.some((r) => !r.confidential)).toBe(true);
    // The follow-up for the data protection officer shows them.
    const extract = await report({ from: '2026-11-26', to: '2026-11-26' });
    for (const entry of log) expect(extract.out).toContain(`,${entry.personId},${entry.agencyId},${ref},`);
  });

  it('status records who saw which fields, through which surface, on which ground, with the basis for confidential details', async () => {
    const { ref } = await registered();
    const before = (await rows()).length;
    clock.advanceMinutes(5);
    const police = await say(app, 'karin.dahl', `status ${ref}`);
    expect(replyText(police)).toContain(CONFIDENTIAL);
    const fire = await say(app, 'lars.nordin', `status ${ref}`, { platform: 'web' });
    expect(replyText(fire)).not.toContain(CONFIDENTIAL);
    await say(app, 'anna.lind', `status ${ref}`);
    const refused = await say(app, 'henrik.bjork', `status ${ref}`); // tullverket: not routed, may not see it
    expect(refused.incident).toBeUndefined();

    const all = await rows();
    const log = all.slice(before);
    expect(log.map((r) => [r.personId, r.agencyId, r.incidentRef, r.fields, r.confidential, r.surface, r.ground, r.basis])).toEqual([
      ['karin.dahl', 'polisen', ref, ['summary', 'description', 'confidential'], true, 'memory', 'agency', basis],
      ['lars.nordin', 'brandforsvaret', ref, ['summary', 'description'], false, 'web', 'agency', null],
      ['anna.lind', 'socialtjansten', ref, ['summary', 'description', 'confidential'], true, 'memory', 'reporter', null],
    ]);
    expect(log.every((r) => r.at.toISOString() === clock.now().toISOString() && r.requestId?.startsWith('test-'))).toBe(true);
    // Chained as the audit trail: each entry bound to the one before it, numbered without gaps.
    expect(all.map((r) => r.seq)).toEqual(all.map((_r, i) => BigInt(i + 1)));
    for (let i = 1; i < all.length; i += 1) expect(all[i].prevHash).toBe(all[i - 1].hash);
  });

  it('a list records one entry per incident shown, without confidential details', async () => {
    const { ref } = await registered();
    await say(app, 'erik.holm', '/incident Vårberg 3 bråk vid tunnelbanan');
    clock.advanceMinutes(5);
    const before = (await rows()).length;
    const list = await say(app, 'maria.ekstrom', 'lista'); // supervisor of Järva, of socialtjansten
    expect(replyText(list)).toContain(ref);
    const added = (await rows()).slice(before);
    expect(added.map((r) => [r.personId, r.incidentRef, r.fields, r.confidential, r.ground])).toEqual(
      list.replies[0].facts.map((f) => ['maria.ekstrom', f.label.split(' ')[0], ['summary', 'description'], false, 'agency']));
  });

  it('an audit export is a disclosure of the trail', async () => {
    const before = (await rows()).length;
    const out = capturedOutput();
    await runAuditExport(app.db, '2026-11-26', '2026-11-26', 'jsonl', { stdout: new Writable({ write: (_c, _e, done) => done() }), stderr: out.stderr }, clock.now());
    const [entry] = (await rows()).slice(before);
    expect(entry).toMatchObject({ incidentId: null, fields: ['audit_trail'], surface: 'export', ground: 'admin', confidential: false });
    expect(entry.personId).toMatch(/^os:/);
  });

  it('access report: CSV of a day range, by agency or by person; other days are left out', async () => {
    // Reads of its own: Karin (police) reads the confidential details, Maria (socialtjansten) lists.
    const { ref } = await registered();
    clock.advanceMinutes(5);
    await say(app, 'karin.dahl', `status ${ref}`);
    const at = clock.now().toISOString();
    await say(app, 'maria.ekstrom', 'lista');
    const all = await report({ from: '2026-11-26', to: '2026-11-26' });
    expect(all.code).toBe(0);
    const lines = all.out.trimEnd().split('\n');
    expect(lines[0]).toBe('seq,at,personId,agencyId,incidentRef,fields,confidential,surface,ground,basis');
    expect(lines).toHaveLength((await rows()).length + 1);
    expect(lines).toContain(`${lines.findIndex((l) => l.includes(`${at},karin.dahl,`))},${at},karin.dahl,polisen,${ref},summary description confidential,true,memory,agency,${basis.includes(',') ? `"${basis}"` : basis}`);

    const police = await report({ from: '2026-11-26', to: '2026-11-26', agency: 'polisen' });
    const policeLines = police.out.trimEnd().split('\n').slice(1);
    expect(policeLines.every((l) => l.split(',')[3] === 'polisen')).toBe(true);
    expect(policeLines.some((l) => l.includes(`${at},karin.dahl,`))).toBe(true);
    const maria = await report({ from: '2026-11-26', to: '2026-11-26', person: 'maria.ekstrom', format: 'text' });
    const mariaLines = maria.out.trimEnd().split('\n');
    expect(mariaLines.every((l) => l.includes('maria.ekstrom (socialtjansten)'))).toBe(true);
    expect(mariaLines.filter((l) => l.includes('summary+description  memory  agency')).length).toBeGreaterThan(0);
    expect(maria.err).toMatch(/^\d+ disclosure\(s\)\n$/);

    expect(await report({ from: '2026-11-25', to: '2026-11-25' })).toMatchObject({ code: 0, out: lines[0] + '\n', err: '0 disclosure(s)\n' });
  });

  it('the log refuses changes; a tampered entry is named by the report, which then exits 1', async () => {
    // An entry of its own: Karin reads an incident.
    const { ref } = await registered();
    await say(app, 'karin.dahl', `status ${ref}`);
    const [{ seq }] = (await rows()).slice(-1);
    await expect(app.db.sql.exec(`UPDATE access_log SET person_id = 'someone-else'`)).rejects.toThrow(/access_log is append-only: UPDATE refused/);
    await expect(app.db.sql.exec('DELETE FROM access_log')).rejects.toThrow(/append-only: DELETE refused/);
    await expect(app.db.sql.exec('TRUNCATE access_log')).rejects.toThrow(/append-only: TRUNCATE refused/);
    // As the table's owner, guard off: change what Karin's entry says was shown (and put it back afterwards, so the
    // log is whole again for whatever runs next).
    const flip = () => app.db.sql.exec(`
      ALTER TABLE access_log DISABLE TRIGGER access_log_no_update_delete;
      UPDATE access_log SET confidential = NOT confidential WHERE seq = ${seq};
      ALTER TABLE access_log ENABLE TRIGGER access_log_no_update_delete;`);
    await flip();
    try {
      const result = await report({ from: '2026-11-26', to: '2026-11-26' });
      expect(result.code).toBe(1);
      expect(result.err).toContain(`read log broken at entry ${seq}: payload_changed; ${seq - 1n} entries before it are intact`);
    } finally {
      await flip();
    }
    expect((await report({ from: '2026-11-26', to: '2026-11-26' })).code).toBe(0);
  });
});
