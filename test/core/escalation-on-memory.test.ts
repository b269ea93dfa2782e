import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/ports/clock.port.ts';
import { memoryCore } from '../support/memory/memory-core.ts';

// The escalation rule on the in-memory core: an agency silent past its deadline goes to its backup address, one
// deadline later to the area's supervisors, then nothing more; an agency that answered is left alone. (The same rule
// through the database, with the audit chain, is test/integration/escalation.test.ts.)

const T0 = new Date('2026-11-26T09:00:00Z');

describe('escalation on the in-memory core', () => {
  const clock = new ManualClock(T0);
  let core: Awaited<ReturnType<typeof memoryCore>>;
  beforeAll(async () => { core = await memoryCore(clock); });

  const say = (userId: string, text: string) => core.service.handle({
    platform: 'memory', workspace: '', userId, requestId: `test-${randomUUID()}`, input: { type: 'text', text },
  });
  const at = (minutes: number) => clock.set(new Date(T0.getTime() + minutes * 60_000));
  const escalations = (incidentId: string) => core.incidents.state.notifications.filter((n) => n.incidentId === incidentId && n.kind === 'incident.escalation');

  it('escalates a silent agency to its backup, then to the supervisors, then stops', async () => {
    at(0);
    const incident = (await say('anna.lind', '/incident Rinkeby 1 #public-order stök vid centrum')).incident!;
    expect(incident.agencies.map((a) => a.agencyId)).toEqual(['polisen', 'sig-19-29', 'socialtjansten']);
    at(1);
    await say('karin.dahl', `kvittera ${incident.ref}`);

    at(4);
    expect(await core.service.escalateDue()).toBe(0);
    expect(escalations(incident.id)).toEqual([]);

    at(6);
    // Two schedulers at once (replicas) take each step once.
    const passes = await Promise.all([core.service.escalateDue(), core.service.escalateDue()]);
    expect(passes[0] + passes[1]).toBe(2);
    expect(escalations(incident.id).map((n) => [n.address.channel, n.agencyId]).sort()).toEqual([
      ['agency:sig-19-29:backup', 'sig-19-29'], ['agency:socialtjansten:backup', 'socialtjansten'],
    ]);

    at(10);
    expect(await core.service.escalateDue()).toBe(0);

    at(12);
    expect(await core.service.escalateDue()).toBe(2);
    const level2 = escalations(incident.id).filter((n) => !n.address.channel.endsWith(':backup'));
    expect(level2.map((n) => [n.address.channel, n.personId])).toEqual([['dm:maria.ekstrom', 'maria.ekstrom'], ['dm:maria.ekstrom', 'maria.ekstrom']]);

    at(60);
    expect(await core.service.escalateDue()).toBe(0);
    const stored = (await core.incidents.findByNumber(incident.number))!;
    expect(stored.agencies.map((a) => [a.agencyId, a.state, a.escalationLevel])).toEqual([
      ['polisen', 'acknowledged', 0], ['sig-19-29', 'notified', 2], ['socialtjansten', 'notified', 2],
    ]);
    expect(core.incidents.state.audit.filter((e) => e.action === 'incident.escalated')).toHaveLength(4);
  });
});
