import type { App } from '../compose-app.ts';
import { readEnv } from '../../infra/config/env.ts';
import { installProcessGuards } from '../../infra/server/process-guards.ts';
import { startingServer } from '../../infra/server/http-server.ts';
import { embeddedFolder } from '../../infra/db/embedded-folder.ts';
import { serveLocalCli, type LocalCliServer } from '../../infra/local-cli/local-cli-server.ts';

/** `samband start`: one HTTP server with every configured adapter, the delivery worker and the schedulers. */
export async function startCommand(): Promise<number> {
  const env = readEnv();
  // Listening first: /healthz answers within a fraction of a second, /readyz says `starting` until the app is ready.
  const server = await startingServer(env.PORT, env.HOST);
  let app: App;
  try {
    // The app's modules load after the port is open (about 1 s on a small machine), so /healthz answers meanwhile.
    const { composeApp } = await import('../compose-app.ts');
    app = await composeApp({ env, server });
  } catch (error) {
    server.close();
    server.closeAllConnections?.();
    throw error;
  }
  // On an embedded folder this process is the only one that may open it: `samband say|audit|migrate` run here.
  const folder = app.db.kind === 'pglite' ? embeddedFolder({ databaseUrl: env.DATABASE_URL, dataDir: env.SAMBAND_DATA_DIR }) : null;
  let localCli: LocalCliServer | null = null;
  try {
    const { localCliHandler } = await import('../local-cli-handler.ts');
    if (folder) localCli = await serveLocalCli(folder, localCliHandler(app), app.logger.child({ component: 'local-cli' }));
  } catch (error) {
    await app.close();
    throw error;
  }
  installProcessGuards({ logger: app.logger, close: async () => { await localCli?.close(); await app.close(); } });
  const url = await app.listen();
  process.stdout.write(`Samband is running at ${url} (database: ${app.db.kind} ${app.db.location})\n`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.log('info', 'server.stopping', { signal });
    // CLI commands under way finish before the database closes.
    await localCli?.close();
    await app.close();
    app.logger.log('info', 'server.stopped', {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return new Promise<number>(() => {});
}
