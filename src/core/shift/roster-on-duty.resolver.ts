import { randomUUID } from 'node:crypto';
import type { Directory } from '../directory/directory.ts';
import type { Person } from '../directory/directory.types.ts';
import type { Incident } from '../incident/incident.types.ts';
import type { NewNotification } from '../notification/notification.types.ts';
import type { OnDutyResolver } from '../notification/plan-notifications.ts';
import { agencyName, plainMessage, renderIncident } from '../messages/incident-message.ts';
import { contentFor } from '../audience/content-for.ts';
import type { RosterSnapshot } from './shift.types.ts';
import type { RosterSource } from './shift.port.ts';
import { onDutyAt } from './resolve-on-duty.ts';
import { st } from './shift.i18n.ts';

/**
 * On duty by roster: the people the covering rosters put on the running shift (plus `/shift on`, minus
 * `/shift off`). When a roster covers the agency in the incident's area and nobody is on, the incident goes to the
 * agency's backup address and the area's supervisors are told. Agencies without a roster keep the directory's flags.
 */
export class RosterOnDutyResolver implements OnDutyResolver {
  private last: RosterSnapshot | undefined;

  constructor(private readonly source: RosterSource) {}

  async onDuty(directory: Directory, agencyId: string, at: Date, areaId?: string): Promise<Person[]> {
    this.last = await this.source.snapshot();
    return onDutyAt(this.last, directory, agencyId, at, areaId).people;
  }

  whenNobodyOnDuty(directory: Directory, incident: Incident, agencyId: string, at: Date): NewNotification[] {
    if (!this.last || !onDutyAt(this.last, directory, agencyId, at, incident.areaId).covered) return [];
    const part = incident.agencies.find((a) => a.agencyId === agencyId);
    const locale = directory.settings.defaultLocale;
    const rows: NewNotification[] = directory.addressesOf('agency', agencyId, 'backup').map((address) => ({
      id: randomUUID(),
      idempotencyKey: `${incident.id}:new:${address.id}`,
      kind: 'incident.new',
      incidentId: incident.id,
      agencyId,
      address,
      message: renderIncident(directory, incident, { locale, ...contentFor(directory, address, part?.canSeeSensitive ?? false), forAgencyId: agencyId }),
      notBefore: at,
    }));
    for (const supervisor of directory.supervisorsOf(incident.areaId)) {
      const l = supervisor.locale;
      const params = { agency: agencyName(directory, agencyId, l), area: directory.area(incident.areaId)?.name[l] ?? incident.areaId, ref: incident.ref };
      for (const address of directory.addressesOf('person', supervisor.id)) {
        rows.push({
          id: randomUUID(),
          idempotencyKey: `${incident.id}:uncovered:${agencyId}:${address.id}`,
          kind: 'ext.shift.uncovered',
          incidentId: incident.id,
          agencyId,
          personId: supervisor.id,
          address,
          message: { ...plainMessage(l, 'warning', st('uncovered.title', l, params), st('uncovered.text', l, params), incident.ref), audience: 'notification' },
          notBefore: at,
        });
      }
    }
    return rows;
  }
}
