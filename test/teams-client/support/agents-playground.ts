import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { until } from '../../support/until.ts';

const CLI = fileURLToPath(new URL('../../../node_modules/@microsoft/m365agentsplayground/cli.js', import.meta.url));
const GUARD = fileURLToPath(new URL('./offline-guard.cjs', import.meta.url));
export const PLAYGROUND_CONFIG = fileURLToPath(new URL('../../fixtures/teams/playground/playground.yml', import.meta.url));
export const PLAYGROUND_SAMBAND_CONFIG = fileURLToPath(new URL('../../fixtures/teams/playground/samband.yaml', import.meta.url));

export interface AgentsPlayground {
  /** The playground's page (its own Bot Connector is at `${url}/_connector`). */
  url: string;
  /** Connections and name lookups outside the loopback the playground tried (refused by the guard). */
  internetAttempts(): string[];
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`, Microsoft's local Teams client) against
 * a bot endpoint, as the README tells people to: `-c msteams --disable-telemetry`, its own connector as serviceUrl.
 * It runs in a temp folder (it writes a log there) with a guard that refuses anything beyond the loopback.
 */
export async function startAgentsPlayground(botEndpoint: string): Promise<AgentsPlayground> {
  const dir = mkdtempSync(join(tmpdir(), 'samband-playground-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const guardLog = join(dir, 'offline-guard.log');
  const child: ChildProcess = spawn(process.execPath, [
    '--require', GUARD, CLI, '-e', botEndpoint, '-c', 'msteams', '-p', String(port), '--service-url', `${url}/_connector`, '--disable-telemetry',
  ], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '', HOME: dir, M365_AGENTS_PLAYGROUND_CONFIG_PATH: PLAYGROUND_CONFIG,
      M365_AGENTS_PLAYGROUND_LOGFILE: join(dir, 'playground.log'), OFFLINE_GUARD_LOG: guardLog,
      // --disable-telemetry stops the playground's own events, but the Application Insights SDK inside it still sends
      // its "statsbeat" to westus-0.in.applicationinsights.azure.com unless told not to; and no browser is opened.
      APPLICATION_INSIGHTS_NO_STATSBEAT: 'true', TEAMSAPPTESTER_BROWSER: 'none',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => { exitCode = code; });
  try {
    // Up, or gone: either ends the wait (a playground that exits early says why in its log).
    await until('the Agents Playground to answer', async () => exitCode !== undefined || await fetch(`${url}/`).then((r) => r.ok, () => false), 30_000, 100);
    if (exitCode !== undefined) throw new Error(`exited with ${String(exitCode)}`);
  } catch (error) {
    const log = existsSync(join(dir, 'playground.log')) ? readFileSync(join(dir, 'playground.log'), 'utf8') : '';
    child.kill('SIGKILL');
    throw new Error(`Agents Playground did not start (${(error as Error).message}):\n${output}\n${log.slice(-3000)}`);
  }
  return {
    url,
    internetAttempts: () => (existsSync(guardLog) ? readFileSync(guardLog, 'utf8').split('\n').filter(Boolean) : []),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        // A playground that ignores SIGTERM for 5 s is killed.
        await until('the Agents Playground to exit', () => child.exitCode !== null || child.signalCode !== null, 5000, 50).catch(() => child.kill('SIGKILL'));
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
