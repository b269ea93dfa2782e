import type { AdapterWire } from './wiring.types.ts';
import { wireWeb } from './wire-web.ts';
import { wireIcal } from './wire-ical.ts';
import { slackEnabled, teamsEnabled } from './adapter-switches.ts';

/**
 * The Slack and Teams wires load their SDKs (Bolt, botbuilder: about a second of import time and tens of megabytes
 * each) only when the environment turns them on; a deployment without them never imports them.
 */
const wireSlack: AdapterWire = async (context) => {
  if (!slackEnabled(context.env)) return null;
  return (await import('./wire-slack.ts')).wireSlack(context);
};

const wireTeams: AdapterWire = async (context) => {
  if (!teamsEnabled(context.env)) return null;
  return (await import('./wire-teams.ts')).wireTeams(context);
};

/** Every adapter Samband has; each decides from the environment whether it is on. */
export const adapterWires: AdapterWire[] = [wireWeb, wireSlack, wireTeams, wireIcal];
