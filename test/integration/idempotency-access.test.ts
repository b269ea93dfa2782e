import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { DATABASE_KINDS } from '../support/test-database.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import {
  auditAfter, lastAuditSeq, messageOf, notificationsOf, press, readable, replyText, rowCounts, say, submitForm,
} from './support/harness.ts';

// Retried requests and double clicks change things once; confidential details reach only those allowed to see them.

const SECRET = 'pojke 14 år, känd av soc';

describe.each(DATABASE_KINDS)('idempotency and access (%s)', (kind) => {
  let app: TestApp;
  const clock = new ManualClock(new Date('2026-11-26T09:00:00Z'));

  beforeAll(async () => {
    app = await startTestApp(kind, { clock, background: false, wires: [], listen: false });
  });
  afterAll(async () => {
    await app?.stop();
  });

  describe('idempotency', () => {
    it('the same requestKey twice registers one incident; the retry says it was already registered and writes nothing', async () => {
      const text = '/incident Rinkeby 2 stenkastning mot buss';
      const first = await say(app, 'anna.lind', text, { requestKey: 'slack-trigger-1' });
      expect(first.changed).toBe(true);
      const before = await rowCounts(app.db);
      const again = await say(app, 'anna.lind', text, { requestKey: 'slack-trigger-1' });
      expect(again.changed).toBe(false);
      expect(again.incident!.ref).toBe(first.incident!.ref);
      expect(again.replies[0].text).toBe(`Den här rapporten var redan registrerad som ${first.incident!.ref}.\n\nstenkastning mot buss`);
      expect(await rowCounts(app.db)).toEqual(before);
      // The key belongs to the request, not to the text: a form submission with it is the same request too.
      const viaForm = await submitForm(app, 'anna.lind', { area: 'rinkeby', category: 'violence', severity: 2, description: 'x' }, { requestKey: 'slack-trigger-1' });
      expect(viaForm.incident!.ref).toBe(first.incident!.ref);
      expect(await rowCounts(app.db)).toEqual(before);
    });

    it('two concurrent registrations with the same requestKey create one incident, one audit event, one fan-out', async () => {
      const seq = await lastAuditSeq(app.db);
      const text = '/incident Tensta 1 skottlossning vid torget';
      const [a, b] = await Promise.all([
        say(app, 'sara.nyberg', text, { requestKey: 'teams-activity-7' }),
        say(app, 'sara.nyberg', text, { requestKey: 'teams-activity-7' }),
      ]);
      expect(a.incident!.ref).toBe(b.incident!.ref);
      expect([a.changed, b.changed].sort()).toEqual([false, true]);
      expect(await app.db.prisma.incident.count({ where: { requestKey: 'teams-activity-7' } })).toBe(1);
      const events = await auditAfter(app.db, seq);
      expect(events.map((e) => [e.action, e.subjectId])).toEqual([['incident.registered', a.incident!.ref]]);
      const rows = await notificationsOf(app.db, a.incident!.id);
      expect(rows).toHaveLength((events[0].after as { notifications: number }).notifications);
      expect(new Set(rows.map((r) => r.channel)).size).toBe(rows.length);
    });

    it('different requestKeys (or none) are different reports', async () => {
      const text = '/incident Husby 3 bråk vid skolan';
      const one = await say(app, 'sara.nyberg', text, { requestKey: 'k-1' });
      const two = await say(app, 'sara.nyberg', text, { requestKey: 'k-2' });
      const three = await say(app, 'sara.nyberg', text);
      expect(new Set([one, two, three].map((o) => o.incident!.ref)).size).toBe(3);
    });

    it('a double acknowledgement is one transition and one audit event; the second reply says who answered when', async () => {
      const incident = (await say(app, 'anna.lind', '/incident Rinkeby 2 stenkastning mot buss')).incident!;
      clock.advanceMinutes(3);
      const seq = await lastAuditSeq(app.db);
      const first = await press(app, 'karin.dahl', { action: 'ack', incidentRef: incident.ref, agencyId: 'polisen' });
      expect(replyText(first)).toBe(`Polismyndigheten har kvitterat ${incident.ref}.`);
      const before = await rowCounts(app.db);
      const second = await press(app, 'karin.dahl', { action: 'ack', incidentRef: incident.ref, agencyId: 'polisen' });
      expect(second.changed).toBe(false);
      expect(replyText(second)).toBe(`Polismyndigheten har redan svarat på ${incident.ref} (Kvitterad, 10:03 av Karin Dahl). Inget ändrat.`);
      // A colleague of the same agency, in English, gets the same answer.
      const colleague = await say(app, 'mikael.strand', `ack ${incident.ref}`, { locale: 'en' });
      expect(replyText(colleague)).toBe(`Swedish Police Authority already answered ${incident.ref} (Acknowledged, 10:03 by Karin Dahl). Nothing changed.`);
      expect(await rowCounts(app.db)).toEqual(before);
      const events = await auditAfter(app.db, seq);
      expect(events.map((e) => e.action)).toEqual(['incident.acknowledged']);
      const part = await app.db.prisma.incidentAgency.findUniqueOrThrow({ where: { incidentId_agencyId: { incidentId: incident.id, agencyId: 'polisen' } } });
      expect(part).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'karin.dahl' });
    });

    it('two contacts of one agency acknowledging at the same moment: one wins, one audit event', async () => {
      const incident = (await say(app, 'anna.lind', '/incident Rinkeby 2 bråk vid busshållplatsen')).incident!;
      const seq = await lastAuditSeq(app.db);
      const outcomes = await Promise.all([
        press(app, 'karin.dahl', { action: 'ack', incidentRef: incident.ref, agencyId: 'polisen' }),
        press(app, 'mikael.strand', { action: 'ack', incidentRef: incident.ref, agencyId: 'polisen' }),
        say(app, 'karin.dahl', `kvittera ${incident.ref}`),
      ]);
      expect(outcomes.filter((o) => o.changed)).toHaveLength(1);
      expect(outcomes.filter((o) => !o.changed).every((o) => replyText(o).includes('har redan svarat på'))).toBe(true);
      expect((await auditAfter(app.db, seq)).map((e) => e.action)).toEqual(['incident.acknowledged']);
      expect(await notificationsOf(app.db, incident.id, ['incident.followup'])).toHaveLength(1);
    });

    it('responding after an acknowledgement moves on; responding twice does not', async () => {
      const incident = (await say(app, 'anna.lind', '/incident Rinkeby 2 bråk vid skolan')).incident!;
      await say(app, 'karin.dahl', `ack ${incident.ref}`);
      clock.advanceMinutes(1);
      const seq = await lastAuditSeq(app.db);
      expect((await say(app, 'mikael.strand', `påväg ${incident.ref}`)).changed).toBe(true);
      const again = await say(app, 'mikael.strand', `påväg ${incident.ref}`);
      expect(replyText(again)).toMatch(/^Polismyndigheten har redan svarat på INC-2026-\d{4} \(På väg, 10:\d\d av Mikael Strand\)\. Inget ändrat\.$/);
      expect((await auditAfter(app.db, seq)).map((e) => e.action)).toEqual(['incident.responding']);
      const part = await app.db.prisma.incidentAgency.findUniqueOrThrow({ where: { incidentId_agencyId: { incidentId: incident.id, agencyId: 'polisen' } } });
      expect(part.acknowledgedAt!.getTime()).toBeLessThan(part.respondingAt!.getTime());
    });
  });

  describe('confidential details and visibility', () => {
    /** Agencies the routing lets see details of severe violence in Järva. */
    const ALLOWED = new Set(['polisen', 'socialtjansten']);

    async function registerWithSecret(how: 'text' | 'form') {
      const outcome = how === 'text'
        ? await say(app, 'anna.lind', `/incident Rinkeby 2 stenkastning mot buss känsligt: ${SECRET}`)
        : await submitForm(app, 'anna.lind', { area: 'rinkeby', category: 'violence', severity: '2', description: 'stenkastning mot buss', sensitiveDetails: SECRET });
      expect(outcome.changed, replyText(outcome)).toBe(true);
      return outcome;
    }

    /** Every notification of the incident shows the details exactly when it goes to an allowed agency or its people. */
    async function checkNotifications(incidentId: string, kinds: string[]) {
      const people = new Map((await app.db.prisma.person.findMany()).map((p) => [p.id, p]));
      const rows = await notificationsOf(app.db, incidentId, kinds);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const agency = row.personId ? people.get(row.personId)!.agencyId : row.agencyId;
        const allowed = agency !== null && ALLOWED.has(agency) && row.agencyId !== null;
        expect(JSON.stringify(row.message).includes(SECRET), `${row.kind} to ${row.channel}`).toBe(allowed);
      }
      return rows;
    }

    it.each(['text', 'form'] as const)('from %s: in the reply to the reporter and only in allowed agencies\' notifications', async (how) => {
      const outcome = await registerWithSecret(how);
      const incident = outcome.incident!;
      expect(readable(outcome.replies[0])).toContain(`Sekretess: ${SECRET}`);
      expect(outcome.replies[0].text).not.toContain('känsligt');
      const stored = await app.db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
      expect(stored).toMatchObject({ description: 'stenkastning mot buss', sensitiveDetails: SECRET });
      const rows = await checkNotifications(incident.id, ['incident.new']);
      const shows = rows.filter((r) => JSON.stringify(r.message).includes(SECRET)).map((r) => r.channel).sort();
      expect(shows).toEqual(['agency:polisen', 'agency:socialtjansten', 'dm:eva.lundqvist', 'dm:karin.dahl', 'dm:mikael.strand']);
      expect(readable(messageOf(rows.find((r) => r.channel === 'agency:polisen')!))).toContain(`Sekretess: ${SECRET}`);
      // The audit trail says there were details, never what they were.
      const event = await app.db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'incident.registered', subjectId: incident.ref } });
      expect(event.after).toMatchObject({ hasSensitiveDetails: true });
      expect(JSON.stringify(event.after)).not.toContain(SECRET);
    });

    it('updates after answers, notes and closing keep the same rule', async () => {
      const incident = (await registerWithSecret('text')).incident!;
      await say(app, 'lars.nordin', `ack ${incident.ref}`);
      await say(app, 'eva.lundqvist', `påväg ${incident.ref}`);
      await say(app, 'karin.dahl', `notera ${incident.ref} polis på plats`);
      await say(app, 'anna.lind', `stäng ${incident.ref}`);
      await checkNotifications(incident.id, ['incident.update']);
      const followups = await notificationsOf(app.db, incident.id, ['incident.followup']);
      expect(followups.some((r) => JSON.stringify(r.message).includes(SECRET))).toBe(false);
    });

    it('status shows the details to the reporter and allowed agencies only', async () => {
      const incident = (await registerWithSecret('text')).incident!;
      const shown = async (who: string) => readable((await say(app, who, `status ${incident.ref}`)).replies[0]).includes(SECRET);
      expect(await shown('anna.lind')).toBe(true); // the reporter
      expect(await shown('karin.dahl')).toBe(true); // police: allowed
      expect(await shown('maria.ekstrom')).toBe(true); // supervisor of Järva, of social services: allowed
      expect(await shown('lars.nordin')).toBe(false); // fire brigade: notified, not allowed
      expect(await shown('david.morgan')).toBe(false); // region: notified, not allowed
      expect(await shown('lena.sjoberg')).toBe(false); // admin: sees the incident, not the details
      expect(await shown('johan.berg')).toBe(true); // police supervisor of another district: police are allowed
    });

    it('people of agencies that are not part of an incident cannot see it at all', async () => {
      const incident = (await registerWithSecret('text')).incident!;
      for (const who of ['ingrid.palm', 'jonas.ek', 'therese.nystrom', 'yasmin.omar']) {
        const status = await say(app, who, `status ${incident.ref}`);
        expect(replyText(status)).toBe(`Hittar ingen händelse ${incident.ref} som du kan se.`);
        const list = await say(app, who, 'lista');
        expect(JSON.stringify(list.replies)).not.toContain(incident.ref);
      }
      expect(replyText(await say(app, 'nadia.karimi', `status ${incident.ref}`))).toBe(`No incident ${incident.ref} that you can see.`);
      // Field staff of notified agencies see it, whatever their area; the details only where their agency is allowed.
      expect(replyText(await say(app, 'erik.holm', `status ${incident.ref}`))).toContain(SECRET);
      const sig = replyText(await say(app, 'sara.nyberg', `status ${incident.ref}`));
      expect(sig).toContain(`Händelse ${incident.ref}`);
      expect(sig).not.toContain(SECRET);
    });
  });
});
