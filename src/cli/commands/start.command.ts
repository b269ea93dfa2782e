import { composeApp } from '../compose-app.ts';
import { readEnv } from '../../infra/config/env.ts';
import { installProcessGuards } from '../../infra/server/process-guards.ts';

/** `samband start`: one HTTP server with every configured adapter, the delivery worker and the schedulers. */
export async function startCommand(): Promise<number> {
  const env = readEnv();
  const app = await composeApp({ env });
  installProcessGuards({ logger: app.logger, close: () => app.close() });
  const url = await app.listen();
  process.stdout.write(`Samband is running at ${url} (database: ${app.db.kind} ${app.db.location})\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.log('info', 'server.stopping', { signal });
    await app.close();
    app.logger.log('info', 'server.stopped', {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return new Promise<number>(() => {});
}
