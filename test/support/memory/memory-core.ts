import type { Disclosure } from '../../../src/core/access/disclosure.types.ts';
import { CoordinationService } from '../../../src/core/coordination/coordination.service.ts';
import { directoryOnDuty } from '../../../src/core/notification/plan-notifications.ts';
import type { Clock } from '../../../src/core/ports/clock.port.ts';
import type { CoordinationDeps } from '../../../src/core/kernel/core-deps.ts';
import { loadConfigFile } from '../../../src/infra/config/load-config-file.ts';
import { CITY_CONFIG } from '../fixtures.ts';
import { MemoryDirectoryReader } from './memory-directory.ts';
import { MemoryIncidentStore } from './memory-incident-store.ts';

/** A store the memory core does not have: any use of it throws, naming the store and the method. */
function absent<T extends object>(name: string): T {
  return new Proxy({} as T, {
    get: (_target, property) => (property === 'then' ? undefined : () => {
      throw new Error(`the memory core has no ${name} store (${name}.${String(property)})`);
    }),
  });
}

/**
 * The core on in-memory stores: the tests' city directory, an incident store, a read log, no database. For rules of
 * the core (what a command does, what escalation queues) that need no SQL; the contract tests in test/contracts hold
 * the memory stores to the Prisma ones.
 */
export async function memoryCore(clock: Clock, configPath = CITY_CONFIG) {
  const loaded = await loadConfigFile(configPath);
  if (!loaded.ok) throw new Error(`${configPath} does not load`);
  const directory = MemoryDirectoryReader.of(loaded.config);
  const incidents = new MemoryIncidentStore();
  const disclosures: Disclosure[] = [];
  const service = new CoordinationService({
    directory, incidents, clock, onDuty: directoryOnDuty, accessLog: { record: async (list) => { disclosures.push(...list); } },
    // No memory stores of these yet: a rule that reaches one fails loudly, naming it.
    shifts: absent<CoordinationDeps['shifts']>('shifts'),
    handovers: absent<CoordinationDeps['handovers']>('handovers'),
    digests: absent<CoordinationDeps['digests']>('digests'),
    packs: absent<CoordinationDeps['packs']>('packs'),
    actions: absent<CoordinationDeps['actions']>('actions'),
  });
  return { service, directory, incidents, disclosures };
}
