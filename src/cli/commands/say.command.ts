import { randomUUID } from 'node:crypto';
import type { App } from '../compose-app.ts';
import { readEnv } from '../../infra/config/env.ts';
import { silentLogger } from '../../infra/log/logger.ts';
import type { OutboundMessage } from '../../core/messages/outbound.types.ts';
import type { CliOutput } from '../../infra/local-cli/local-cli.types.ts';
import { throughOwnerOrLocally, terminal } from './through-owner.ts';

/**
 * `samband say --as <person> "<text>"`: runs one command through the same parser and core as chat, as that person,
 * and prints the reply and the notifications it queued (they stay queued for the real delivery worker). When a
 * running `samband start` owns the embedded folder, that server runs it.
 */
export function sayCommand(personId: string, text: string, asJson: boolean): Promise<number> {
  return throughOwnerOrLocally({ command: 'say', person: personId, text, json: asJson }, async () => {
    // Loaded only when this process runs the command itself: next to a running server, the server does, and the
    // app's modules (about 1 s of imports) are not needed here.
    const { composeApp } = await import('../compose-app.ts');
    const app = await composeApp({ env: readEnv(), logger: silentLogger, wires: [], background: false });
    try {
      return await runSay(app, personId, text, asJson, terminal);
    } finally {
      await app.close();
    }
  });
}

/** Runs `say` on an open app (this process's, or the server's for a CLI next to it) and prints to `output`. */
export async function runSay(app: Pick<App, 'service' | 'db'>, personId: string, text: string, asJson: boolean, output: CliOutput): Promise<number> {
  const startedAt = new Date();
  const outcome = await app.service.handle({
    platform: 'memory', workspace: '', userId: personId, requestId: `cli-${randomUUID()}`, input: { type: 'text', text },
  });
  // On a running server other requests queue notifications meanwhile: show this incident's only, when there is one.
  const queued = await app.db.prisma.notification.findMany({
    where: { createdAt: { gte: startedAt }, ...(outcome.incident ? { incidentId: outcome.incident.id } : {}) },
    orderBy: { createdAt: 'asc' },
  });
  const notifications = queued.map((n) => ({
    kind: n.kind, to: { platform: n.platform, workspace: n.workspace, channel: n.channel, user: n.user }, message: n.message as unknown as OutboundMessage,
  }));
  const write = (line: string) => output.stdout.write(`${line}\n`);
  if (asJson) {
    write(JSON.stringify({ replies: outcome.replies, form: outcome.form ?? null, notifications }, null, 2));
  } else {
    for (const reply of outcome.replies) write(renderText(reply));
    if (outcome.form) write(`[form] ${outcome.form.title}: ${outcome.form.fields.map((f) => f.label).join(', ')}`);
    for (const n of notifications) write(`\n-> ${n.to.platform}:${n.to.channel} (${n.kind})\n${renderText(n.message)}`);
  }
  return outcome.replies.some((r) => r.tone === 'error') ? 1 : 0;
}

function renderText(message: OutboundMessage): string {
  const lines = [message.title];
  if (message.text) lines.push(message.text);
  for (const fact of message.facts) lines.push(`  ${fact.label}: ${fact.value.replace(/\n/g, '; ')}`);
  if (message.actions.length) lines.push(`  [${message.actions.map((a) => a.label).join('] [')}]`);
  return lines.join('\n');
}
