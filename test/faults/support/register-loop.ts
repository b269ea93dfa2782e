/**
 * Registers incidents one after another on the PGlite folder SAMBAND_FAULT_DB until killed, for the crash test of
 * incident numbers. Prints `ready` once the app is up, then `registered <number>` after each registration the core
 * reported as done (written synchronously, so a SIGKILL leaves whole lines only).
 */
import { writeSync } from 'node:fs';
import { composeApp } from '../../../src/cli/compose-app.ts';
import { readEnv } from '../../../src/infra/config/env.ts';
import { openDatabase } from '../../../src/infra/db/database.ts';
import { silentLogger } from '../../../src/infra/log/logger.ts';

const folder = process.env.SAMBAND_FAULT_DB;
if (!folder) throw new Error('SAMBAND_FAULT_DB is required');
const db = await openDatabase({ databaseUrl: `pglite:${folder}` });
const app = await composeApp({ env: readEnv({ PORT: '0', SAMBAND_LOG_LEVEL: 'error' }), db, logger: silentLogger, wires: [], background: false });
writeSync(1, 'ready\n');
for (let i = 0; ; i += 1) {
  const outcome = await app.service.handle({
    platform: 'web', workspace: '', userId: 'anna.lind', requestId: `fault-${process.pid}-${i}`, requestKey: `fault-${process.pid}-${i}`,
    input: { type: 'text', text: `/incident Rinkeby 2 krasch ${i}` },
  });
  if (!outcome.changed) throw new Error(`not registered: ${outcome.replies[0]?.title}`);
  writeSync(1, `registered ${outcome.incident!.number}\n`);
}
