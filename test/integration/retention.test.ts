import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { outboxSettled, type TestApp } from '../support/test-app.ts';
import { DATABASE_KINDS } from '../support/test-database.ts';
import { capturedOutput } from '../support/cli-output.ts';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import type { Incident } from '../../src/core/incident/incident.types.ts';
import { runRetentionCli } from '../../src/cli/commands/retention.command.ts';
import { retentionJob, retentionPolicyOf } from '../../src/infra/retention/retention.job.ts';
import { runAuditVerify } from '../../src/cli/commands/audit.command.ts';
import { supervisorView } from '../../src/core/supervision/supervisor-view.service.ts';
import { PrismaSupervisionReader } from '../../src/infra/supervision/prisma-supervision-reader.ts';
import type { FakeSlack } from '../adapters/slack/support/fake-slack.ts';
import { cardOf, cardText, type FakeBotConnector } from '../adapters/teams/support/fake-bot-connector.ts';
import { blockInternet } from '../adapters/teams/support/no-internet.ts';
import { replyText, say } from './support/harness.ts';
import { slackText, useChatRig } from './support/chat-harness.ts';

// Retention end to end: incidents registered, answered, noted and closed; the posted Slack and Teams messages are
// in the fakes; the clock moves past the retention periods of the deployment file (30 days, 90 for violence); a dry
// run lists what would go, the run erases exactly that, replaces the posted messages through the outbox, leaves the
// held incident alone, and the audit trail still verifies.

blockInternet();

const CONFIG = fileURLToPath(new URL('../fixtures/retention/retention.yaml', import.meta.url));
const SECRET = 'retention-signing-secret';
const REMOVED_SV = 'Borttaget enligt gallringsreglerna';
const REMOVED_EN = 'Removed under the retention rules';
const START = new Date('2026-03-02T09:00:00Z');
const DAY_MS = 24 * 3600_000;

describe.each(DATABASE_KINDS)('retention and erasure across Slack and Teams (%s)', (kind) => {
  const clock = new ManualClock(START);
  const rig = useChatRig(kind, { config: CONFIG, secret: SECRET, clock });
  let app: TestApp;
  let slack: FakeSlack;
  let connector: FakeBotConnector;

  beforeAll(() => {
    ({ app, slack, connector } = rig);
  });

  async function register(text: string): Promise<Incident> {
    const outcome = await say(app, 'anna.lind', `/incident ${text}`);
    expect(outcome.changed).toBe(true);
    return outcome.incident!;
  }

  const row = (id: string) => app.db.prisma.incident.findUniqueOrThrow({ where: { id }, include: { agencies: { orderBy: { agencyId: 'asc' } } } });

  it('erases exactly what is due, dry run first; leaves the held incident alone; replaces the posted messages; audit verify passes', async () => {
    // Three incidents in Rinkeby: violence (kept 90 days), two others (30 days), one of which a supervisor holds.
    const violence = await register('Rinkeby 2 stenkastning mot buss');
    const graffiti = await register('Rinkeby 2 klotter på skolan, Kalle Svensson 12 år sågs');
    const held = await register('Rinkeby 2 vattenläcka i källaren');
    expect(violence.categoryId).toBe('violence');
    expect([graffiti.categoryId, held.categoryId]).toEqual(['other', 'other']);
    await outboxSettled(app);

    // Answers with free text, a note, and closings with comments.
    expect(replyText(await say(app, 'dave.taniguchi', `decline ${graffiti.ref} not a police matter, ask the school`))).toContain('not a police matter');
    await say(app, 'anna.lind', `notera ${graffiti.ref} rektorn kontaktad, pratat med Kalles mamma`);
    // A lead agency and its situation report: free text the erasure must reach too.
    expect(replyText(await say(app, 'sofia.berg', `lead ${graffiti.ref} socialtjansten`))).toContain('leder nu arbetet');
    expect(replyText(await say(app, 'sofia.berg', `sitrep ${graffiti.ref} läge: Kalle hörd av rektorn behov: samtal med Kalles mamma`))).toContain('Lägesbild för');
    for (const incident of [violence, graffiti, held]) {
      expect(replyText(await say(app, 'anna.lind', `stäng ${incident.ref} klart, föräldrar informerade`))).toBe(`${incident.ref} är stängd.`);
    }
    // Legal hold: field staff may not; the area's supervisor may (in Swedish: bevara).
    expect(replyText(await say(app, 'anna.lind', `hold ${held.ref}`))).toContain('hold');
    expect(replyText(await say(app, 'sofia.berg', `bevara ${held.ref}`))).toBe(`${held.ref} har bevarandebeslut (legal hold) och gallras inte förrän det släpps.`);
    expect(replyText(await say(app, 'sofia.berg', `hold ${held.ref}`, { locale: 'en' }))).toBe(`${held.ref} was already on legal hold. Nothing changed.`);
    expect((await row(held.id)).heldBy).toBe('sofia.berg');
    await outboxSettled(app);

    // The graffiti incident's posted messages: Social Services' Slack channel, the police Teams channel, Dave's chat.
    const posted = await app.db.prisma.notification.findMany({ where: { incidentId: graffiti.id, updatesId: null, status: 'sent' } });
    const slackPost = posted.find((n) => n.kind === 'incident.new' && n.platform === 'slack' && n.channel === 'C0SOCIAL')!;
    const teamsPosts = posted.filter((n) => n.kind === 'incident.new' && n.platform === 'teams');
    expect(slackPost.platformMessageId).toBeTruthy();
    expect(teamsPosts.length).toBe(2);
    // Before erasure, the supervisor's timeline shows the decline reason, read from the agency's row.
    const timelineOf = async (ref: string) => (await supervisorView(
      { directory: app.deps.directory, reader: new PrismaSupervisionReader(app.db), clock }, 'sofia.berg', { incidentRef: ref, windowDays: 60 },
    ))!.timeline!.entries;
    expect((await timelineOf(graffiti.ref)).find((e) => e.action === 'incident.declined')!.detail).toBe('not a police matter, ask the school');
    expect((await timelineOf(graffiti.ref)).find((e) => e.action === 'incident.closed')!.detail).toBe('klart, föräldrar informerade');
    expect((await timelineOf(graffiti.ref)).find((e) => e.action === 'incident.sitrep')!.detail).toBe('Kalle hörd av rektorn / samtal med Kalles mamma');
    const slackUpdatesBefore = slack.of('chat.update').length;
    const teamsUpdatesBefore = connector.accepted('update').length;

    // 31 days after closing: only the graffiti incident is due (violence keeps 90 days; the held one is held).
    clock.set(new Date(START.getTime() + 31 * DAY_MS));
    const dry = capturedOutput();
    expect(await runRetentionCli(app.db, app.config, app.deps, true, dry)).toBe(0);
    const lines = dry.out().trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^${graffiti.ref}\\tclosed .*\\t30 days\\twould be erased$`));
    expect(lines[1]).toMatch(new RegExp(`^${held.ref}\\tclosed .*\\t30 days\\theld, kept$`));
    expect(lines[2]).toBe('dry run: 1 incident(s) would be erased, 1 held');
    // The dry run changed nothing.
    expect((await row(graffiti.id)).description).toContain('klotter');
    expect(await app.db.prisma.auditEvent.count({ where: { action: 'incident.erased' } })).toBe(0);

    const run = capturedOutput();
    expect(await runRetentionCli(app.db, app.config, app.deps, false, run)).toBe(0);
    expect(run.out()).toContain(`${graffiti.ref}\tclosed`);
    expect(run.out()).toContain('1 incident(s) erased, 1 held');

    // The skeleton stays; the free text and personal data are gone.
    const erased = await row(graffiti.id);
    expect(erased).toMatchObject({
      number: graffiti.number, areaId: 'rinkeby', categoryId: 'other', severity: 2, status: 'closed', description: '',
      sensitiveDetails: null, reporterId: '', reporterAgencyId: 'socialtjansten',
    });
    expect(erased.erasedAt?.toISOString()).toBe(clock.now().toISOString());
    expect(erased.agencies.map((a) => [a.agencyId, a.state, a.declineReason, a.acknowledgedBy])).toEqual([
      ['polisen', 'declined', null, null], ['socialtjansten', 'notified', null, null],
    ]);
    expect(await app.db.prisma.incidentNote.count({ where: { incidentId: graffiti.id } })).toBe(0);
    // Situation reports keep their agency and time, not their text or author.
    expect(await app.db.prisma.situationReport.findMany({ where: { incidentId: graffiti.id }, select: { agencyId: true, authorId: true, situation: true, actions: true, needs: true } }))
      .toEqual([{ agencyId: 'socialtjansten', authorId: '', situation: '', actions: '', needs: '' }]);
    const bodies = await app.db.prisma.notification.findMany({ where: { incidentId: graffiti.id } });
    for (const body of bodies) expect(JSON.stringify(body.message)).not.toMatch(/klotter|Kalle|rektorn|police matter/);

    // Not due, or held: untouched.
    expect((await row(violence.id)).description).toBe('stenkastning mot buss');
    expect((await row(held.id))).toMatchObject({ description: 'vattenläcka i källaren', erasedAt: null });
    expect(await app.db.prisma.incidentNote.count({ where: { incidentId: held.id } })).toBe(1);

    // The posted messages are replaced through the outbox: chat.update in Slack, updateActivity in Teams.
    const update = await slack.waitFor(() => slack.of('chat.update').slice(slackUpdatesBefore).find((c) => slackPost.platformMessageId === `C0SOCIAL/${c.params.ts}`), 60_000);
    expect(slackText(update)).toContain(`${graffiti.ref}: ${REMOVED_SV}`);
    expect(slackText(update)).not.toMatch(/klotter|Kalle/);
    for (const post of teamsPosts) {
      const replaced = await connector.waitFor(() => connector.accepted('update').slice(teamsUpdatesBefore).find((c) => !!c.activityId && post.platformMessageId!.endsWith(c.activityId)), 60_000);
      const text = cardText(cardOf(replaced)) + JSON.stringify(replaced.body);
      expect(text).toContain(post.user ? `${graffiti.ref}: ${REMOVED_EN}` : `${graffiti.ref}: ${REMOVED_SV}`);
      expect(text).not.toMatch(/klotter|Kalle/);
    }
    await outboxSettled(app);

    // The erasure is audited (counts, no text); the decline reason was never in the trail; the chain verifies.
    const [event] = await app.db.prisma.auditEvent.findMany({ where: { action: 'incident.erased' } });
    expect(event).toMatchObject({ subjectId: graffiti.ref, actorId: 'cli', platform: 'cli' });
    expect(event.after).toMatchObject({ retentionDays: 30, notes: 2, replaced: posted.length, situationReports: 1 });
    const trail = JSON.stringify((await app.db.prisma.auditEvent.findMany()).map((e) => [e.before, e.after]));
    expect(trail).not.toMatch(/police matter|klotter|Kalle|föräldrar informerade/);
    const verify = capturedOutput();
    expect(await runAuditVerify(app.db, verify, app.checkpoints)).toBe(0);

    // The supervisor's timeline reads the decline reason from the incident's row: removed now.
    const after = await timelineOf(graffiti.ref);
    expect(after.find((e) => e.action === 'incident.declined')!.detail).toBe(`${REMOVED_SV} / ${REMOVED_EN}`);
    expect(after.find((e) => e.action === 'incident.closed')!.detail).toBe(`${REMOVED_SV} / ${REMOVED_EN}`);
    expect(after.find((e) => e.action === 'incident.sitrep')!.detail).toBe(`${REMOVED_SV} / ${REMOVED_EN}`);

    // A second run finds nothing more; a hold on an erased incident is refused; released, the held one goes next time.
    const again = capturedOutput();
    await runRetentionCli(app.db, app.config, app.deps, false, again);
    expect(again.out()).toContain('0 incident(s) erased, 1 held');
    expect(replyText(await say(app, 'sofia.berg', `hold ${graffiti.ref}`))).toBe(`${graffiti.ref} är redan gallrad enligt gallringsreglerna. Inget ändrat.`);
    // The skeleton is still there for who may see it, saying where the text went; no new text, no reopening.
    const status = replyText(await say(app, 'sofia.berg', `status ${graffiti.ref}`));
    expect(status).toContain(REMOVED_SV);
    expect(status).toContain('Polismyndigheten');
    expect(status).not.toMatch(/klotter|Kalle|Anna Lind/);
    expect(replyText(await say(app, 'sofia.berg', `note ${graffiti.ref} ny text`))).toBe(`${graffiti.ref} är redan gallrad enligt gallringsreglerna. Inget ändrat.`);
    expect(replyText(await say(app, 'sofia.berg', `reopen ${graffiti.ref}`))).toBe(`${graffiti.ref} är redan gallrad enligt gallringsreglerna. Inget ändrat.`);
    expect(replyText(await say(app, 'sofia.berg', `släpp ${held.ref}`))).toBe(`Bevarandebeslutet för ${held.ref} är släppt: gallringsreglerna gäller igen.`);
    const released = capturedOutput();
    await runRetentionCli(app.db, app.config, app.deps, false, released);
    expect(released.out()).toContain('1 incident(s) erased, 0 held');
    expect((await row(held.id)).description).toBe('');
    expect((await row(violence.id)).description).toBe('stenkastning mot buss');
    const holds = await app.db.prisma.auditEvent.findMany({ where: { action: { in: ['incident.held', 'incident.released', 'access.denied'] } }, orderBy: { seq: 'asc' } });
    expect(holds.map((e) => [e.action, e.actorId])).toEqual([['access.denied', 'anna.lind'], ['incident.held', 'sofia.berg'], ['incident.released', 'sofia.berg']]);

    // 91 days on, the scheduled job (the same pass) erases the violence incident too, as the system.
    clock.set(new Date(START.getTime() + 91 * DAY_MS));
    const policy = retentionPolicyOf(app.config)!;
    expect(await retentionJob(app.db, policy, { directory: app.deps.directory, clock, delivery: app.worker }, app.logger).runOnce()).toBe(1);
    expect((await row(violence.id)).description).toBe('');
    expect(await app.db.prisma.auditEvent.findFirst({ where: { action: 'incident.erased', subjectId: violence.ref } }))
      .toMatchObject({ actorId: 'retention', platform: 'system' });
    await outboxSettled(app);
    expect(await runAuditVerify(app.db, capturedOutput(), app.checkpoints)).toBe(0);
  }, 120_000);
});
