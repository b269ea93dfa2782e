import type { Directory } from '../directory/directory.ts';
import type { Incident } from './incident.types.ts';
import type { IncidentTransaction } from './incident.port.ts';
import { LIVE_MESSAGE_KINDS, planIncidentUpdates } from '../notification/plan-notifications.ts';
import { personalDisclosures } from '../access/personal-disclosures.ts';

/**
 * After a change to an incident, inside the change's transaction: reads the incident again under the lock and queues
 * a fresh copy of every live message already sent about it (each as its audience may see it), with the read-log
 * entries of the personal ones. Returns the incident as it is now, for the change's audit event and reply.
 */
export async function replaceEveryCopy(tx: IncidentTransaction, directory: Directory, number: number, now: Date): Promise<Incident> {
  const after = (await tx.lockByNumber(number))!;
  const updates = planIncidentUpdates(directory, after, await tx.notificationsOf(after.id, LIVE_MESSAGE_KINDS), now);
  await tx.enqueue(updates);
  await tx.disclose(personalDisclosures(directory, after, updates, now));
  return after;
}
