import { subDays } from 'date-fns';
import type { DirectoryReader } from '../directory/directory.port.ts';
import type { Clock } from '../ports/clock.port.ts';
import type { SupervisionReader } from './supervision.port.ts';
import type { SupervisorView } from './supervision.types.ts';
import { maySupervise, oversees } from './supervision-scope.ts';
import { ackRows, answerFiguresSince, escalationsUnderWay, incidentsPerAreaPerDay, openByAreaAndSeverity } from './supervision-stats.ts';
import { buildTimeline } from './incident-timeline.ts';
import type { AccessLog } from '../access/access-log.port.ts';
import { disclosureOf } from '../access/disclosure-of.ts';

export interface SupervisorViewDeps {
  directory: DirectoryReader;
  reader: SupervisionReader;
  clock: Clock;
  /** The read log: the view's disclosures are recorded before it is shown. */
  accessLog?: AccessLog;
}

export interface SupervisorViewOptions {
  /** Incident whose timeline to show; the newest open one when absent or not overseen. */
  incidentRef?: string;
  /** Days of history in the charts. */
  windowDays?: number;
}

/** Most incidents a view reads; beyond this the charts undercount (they say so by their window). */
const MAX_INCIDENTS = 2000;

/**
 * The supervisor view for one person: open incidents by area and severity, each agency's acknowledgement, escalations
 * under way, charts over the last days and one incident's timeline, all limited to the incidents the person oversees.
 * Returns null for people who have no supervisor view. Reads only.
 */
export async function supervisorView(deps: SupervisorViewDeps, personId: string, options: SupervisorViewOptions = {}): Promise<SupervisorView | null> {
  const directory = await deps.directory.current();
  const person = directory.person(personId);
  if (!person || !maySupervise(person)) return null;
  const now = deps.clock.now();
  const windowDays = options.windowDays ?? 7;
  const since = subDays(now, windowDays);
  const [all, chain] = await Promise.all([deps.reader.incidents(since, MAX_INCIDENTS), deps.reader.auditChainStatus()]);
  const mine = all.filter((incident) => oversees(directory, person, incident));
  const open = mine.filter((incident) => incident.status === 'open');

  let selected = open[0] ?? mine[0] ?? null;
  if (options.incidentRef) {
    const wanted = await deps.reader.incidentByRef(options.incidentRef);
    if (wanted && oversees(directory, person, wanted)) selected = wanted;
  }
  let timeline: SupervisorView['timeline'] = null;
  if (selected) {
    const audit = await deps.reader.incidentAudit(selected);
    timeline = { incident: selected, entries: buildTimeline(audit.events, audit.notifications, audit.confidentialReads, { incident: selected, notes: audit.notes, situationReports: audit.situationReports }) };
  }
  // The selected incident is shown with its description and timeline; the open ones by reference, area and agency
  // states. The view never shows confidential details.
  await deps.accessLog?.record([
    ...(selected ? [disclosureOf(person, selected, { fields: ['summary', 'description', 'timeline'], surface: 'web', at: now })] : []),
    ...open.filter((incident) => incident.id !== selected?.id)
      .map((incident) => disclosureOf(person, incident, { fields: ['summary'], surface: 'web', at: now })),
  ]);
  return {
    person,
    now,
    windowDays,
    openIncidents: open,
    openByArea: openByAreaAndSeverity(open),
    severities: directory.severities.map((s) => s.level),
    ackRows: ackRows(open, now),
    escalations: escalationsUnderWay(open),
    perAreaPerDay: incidentsPerAreaPerDay(mine, since, directory.settings.timeZone),
    answers: answerFiguresSince(mine, since, now),
    timeline,
    chain,
  };
}
