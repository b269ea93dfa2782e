import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { MAX_SITREP_FIELD, parseSitrepText } from '../../src/core/incident/lead-commands.parser.ts';
import { parseActionSubmission } from '../../src/core/commands/parse-submission.ts';
import { renderIncident } from '../../src/core/messages/incident-message.ts';
import { CoreError } from '../../src/core/shared/core-error.ts';
import { memoryCore } from '../support/memory/memory-core.ts';

// The lead agency and situation report rules on the in-memory core (who may, what is written, what each copy shows);
// the same through Slack, Teams and the web is test/integration/lead-sitrep-surfaces.test.ts.

const T0 = new Date('2026-11-26T09:00:00Z');

const code = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof CoreError) return error.code;
    throw error;
  }
  return 'no error';
};

describe('reading a situation report', () => {
  it('reads the three headings in Swedish or English, any order and case; text without headings is the situation', () => {
    expect(parseSitrepText('läge: lugnt åtgärder: patrull behov: fältassistenter', '42')).toEqual({ situation: 'lugnt', actions: 'patrull', needs: 'fältassistenter' });
    expect(parseSitrepText('Needs: more staff Situation: calm', '42')).toEqual({ situation: 'calm', actions: '', needs: 'more staff' });
    expect(parseSitrepText('ATGARDER: patrull', '42')).toEqual({ situation: '', actions: 'patrull', needs: '' });
    expect(parseSitrepText('Lugnt vid torget, kl: 21 behov: inga', '42')).toEqual({ situation: 'Lugnt vid torget, kl: 21', actions: '', needs: 'inga' });
    expect(parseSitrepText('allt lugnt', '42')).toEqual({ situation: 'allt lugnt', actions: '', needs: '' });
  });

  it('refuses an empty report, a heading twice, text before a situation heading, and a part past the limit', () => {
    expect(code(() => parseSitrepText('  ', '42'))).toBe('sitrep_empty');
    expect(code(() => parseSitrepText('läge: åtgärder: behov:', '42'))).toBe('sitrep_empty');
    expect(code(() => parseSitrepText('behov: a needs: b', '42'))).toBe('sitrep_format');
    expect(code(() => parseSitrepText('hej läge: lugnt', '42'))).toBe('sitrep_format');
    expect(code(() => parseSitrepText(`behov: ${'x'.repeat(MAX_SITREP_FIELD + 1)}`, '42'))).toBe('sitrep_too_long');
    expect(parseSitrepText(`behov: ${'x'.repeat(MAX_SITREP_FIELD)}`, '42').needs).toHaveLength(MAX_SITREP_FIELD);
  });

  it('reads the buttons: take the lead for the copy\'s agency, the report form\'s text like a typed report', () => {
    expect(parseActionSubmission({ action: 'lead', incidentRef: 'INC-2026-0042', agencyId: 'polisen' }))
      .toEqual({ kind: 'incident.lead', incident: { number: 42, text: 'INC-2026-0042' }, agencyId: 'polisen' });
    expect(parseActionSubmission({ action: 'sitrep', incidentRef: '42', agencyId: 'polisen' }, 'lugnt behov: inga'))
      .toEqual({ kind: 'incident.sitrep', incident: { number: 42, text: '42' }, situation: 'lugnt', actions: '', needs: 'inga' });
    expect(code(() => parseActionSubmission({ action: 'lead', incidentRef: '42' }))).toBe('invalid_action');
    expect(code(() => parseActionSubmission({ action: 'sitrep', incidentRef: '42' }, ''))).toBe('sitrep_empty');
  });
});

describe('lead agency and situation reports on the in-memory core', () => {
  const clock = new ManualClock(T0);
  let core: Awaited<ReturnType<typeof memoryCore>>;
  beforeAll(async () => { core = await memoryCore(clock); });

  const say = (userId: string, text: string) => core.service.handle({
    platform: 'memory', workspace: '', userId, requestId: `test-${randomUUID()}`, input: { type: 'text', text },
  });
  const text = (outcome: Awaited<ReturnType<typeof say>>) => outcome.replies.map((r) => `${r.title} ${r.text ?? ''}`).join('\n');
  const audit = (ref: string, action: string) => core.incidents.state.audit.filter((e) => e.subjectId === ref && e.action === action);

  it('an agency that acknowledged takes the lead; only the lead or a supervisor changes it after', async () => {
    const incident = (await say('anna.lind', '/incident Rinkeby 2 stenkastning mot buss')).incident!;
    // Before answering, the police have no "Take the lead" (and may not take it for another agency).
    expect(text(await say('karin.dahl', `lead ${incident.number} socialtjänsten`))).toContain('Du får inte göra det');
    await say('karin.dahl', `ack ${incident.number}`);
    expect(text(await say('karin.dahl', `leder ${incident.number} polisen`))).toContain('Polismyndigheten leder nu arbetet');
    expect((await core.incidents.findByNumber(incident.number))!.leadAgencyId).toBe('polisen');
    // Said again: nothing changes, nothing is recorded.
    expect(text(await say('karin.dahl', `lead ${incident.number} polisen`))).toContain('leder redan');
    expect(audit(incident.ref, 'incident.lead_set')).toHaveLength(1);
    // Social Services may no longer take it; the police may hand it over.
    expect(text(await say('eva.lundqvist', `lead ${incident.number} socialtjänsten`))).toContain('Du får inte göra det');
    expect(text(await say('karin.dahl', `lead ${incident.number} socialtjänsten`))).toContain('leder nu arbetet');
    expect(audit(incident.ref, 'incident.lead_set').map((e) => [e.before, e.after])).toEqual([
      [{ leadAgencyId: null }, expect.objectContaining({ agencyId: 'polisen' })],
      [{ leadAgencyId: 'polisen' }, expect.objectContaining({ agencyId: 'socialtjansten' })],
    ]);
  });

  it('a situation report is stored with its audit event and every live copy is replaced; refused ones write nothing', async () => {
    const incident = (await say('anna.lind', '/incident Rinkeby 2 bråk vid skolan')).incident!;
    expect(text(await say('maria.ekstrom', `sitrep ${incident.number} läge: lugnt`))).toContain('har ingen ledande myndighet');
    await say('maria.ekstrom', `lead ${incident.number} polisen`);
    const before = core.incidents.state.notifications.length;
    // Anna (field staff) and Eva (Social Services) are not the lead.
    expect(text(await say('anna.lind', `sitrep ${incident.number} läge: lugnt`))).toContain('Bara ledande myndigheten (Polismyndigheten)');
    expect(text(await say('eva.lundqvist', `lägesbild ${incident.number} läge: lugnt`))).toContain('Bara ledande myndigheten');
    expect(core.incidents.state.notifications.length).toBe(before);
    expect(audit(incident.ref, 'incident.sitrep')).toHaveLength(0);

    clock.set(new Date(T0.getTime() + 5 * 60_000));
    expect(text(await say('karin.dahl', `sitrep ${incident.number} situation: lugnt actions: patrull needs: fältassistenter`))).toContain('Lägesbild för');
    const stored = (await core.incidents.findByNumber(incident.number))!;
    expect(stored.latestReport).toMatchObject({ agencyId: 'polisen', authorId: 'karin.dahl', situation: 'lugnt', actions: 'patrull', needs: 'fältassistenter' });
    const [event] = audit(incident.ref, 'incident.sitrep');
    expect(event.after).toMatchObject({ reportId: stored.latestReport!.id, agencyId: 'polisen' });
    const originals = core.incidents.state.notifications.filter((n) => n.incidentId === incident.id && n.kind === 'incident.new');
    const updates = core.incidents.state.notifications.slice(before).filter((n) => n.kind === 'incident.update');
    expect(new Set(updates.map((u) => u.updatesId))).toEqual(new Set(originals.map((o) => o.id)));
    for (const update of updates) expect(JSON.stringify(update.message)).toMatch(/fältassistenter|lägesbild uppdaterad 10:05/);
  });

  it('each copy shows what its audience may: the parts in full copies, only the time elsewhere, no lead in a shared room', async () => {
    clock.set(T0);
    const { number } = (await say('anna.lind', '/incident Rinkeby 2 klotter på skolan')).incident!;
    await say('maria.ekstrom', `lead ${number} polisen`);
    clock.set(new Date(T0.getTime() + 5 * 60_000));
    await say('karin.dahl', `sitrep ${number} situation: lugnt actions: patrull needs: fältassistenter`);
    const incident = (await core.incidents.findByNumber(number))!;
    const directory = await core.directory.current();
    const facts = (detail: 'full' | 'reference' | 'minimal') => JSON.stringify(renderIncident(directory, incident, { locale: 'en', showSensitive: false, detail }).facts);
    expect(facts('full')).toContain('Situation: lugnt\\nActions: patrull\\nNeeds: fältassistenter');
    expect(facts('full')).toContain('Lead agency');
    for (const detail of ['reference', 'minimal'] as const) {
      expect(facts(detail)).toContain('situation report updated 10:05');
      expect(facts(detail)).not.toContain('fältassistenter');
    }
    expect(facts('reference')).toContain('Swedish Police Authority');
    expect(facts('minimal')).not.toContain('Swedish Police Authority');
  });
});
