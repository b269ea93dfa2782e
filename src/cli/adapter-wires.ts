import type { AdapterWire } from './wiring.types.ts';

/** Every adapter Samband has; each decides from the environment whether it is on. */
export const adapterWires: AdapterWire[] = [];
