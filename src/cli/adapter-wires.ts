import type { AdapterWire } from './wiring.types.ts';
import { wireWeb } from './wire-web.ts';
import { wireSlack } from './wire-slack.ts';
import { wireTeams } from './wire-teams.ts';

/** Every adapter Samband has; each decides from the environment whether it is on. */
export const adapterWires: AdapterWire[] = [wireWeb, wireSlack, wireTeams];
