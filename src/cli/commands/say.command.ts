import { randomUUID } from 'node:crypto';
import { composeApp } from '../compose-app.ts';
import { readEnv } from '../../infra/config/env.ts';
import { silentLogger } from '../../infra/log/logger.ts';
import type { OutboundMessage } from '../../core/messages/outbound.types.ts';

/**
 * `samband say --as <person> "<text>"`: runs one command through the same parser and core as chat, as that person,
 * and prints the reply and the notifications it queued (they stay queued for the real delivery worker).
 */
export async function sayCommand(personId: string, text: string, asJson: boolean): Promise<number> {
  const app = await composeApp({ env: readEnv(), logger: silentLogger, wires: [], background: false });
  try {
    const startedAt = new Date();
    const outcome = await app.service.handle({
      platform: 'memory', workspace: '', userId: personId, requestId: `cli-${randomUUID()}`, input: { type: 'text', text },
    });
    const queued = await app.db.prisma.notification.findMany({ where: { createdAt: { gte: startedAt } }, orderBy: { createdAt: 'asc' } });
    const notifications = queued.map((n) => ({
      kind: n.kind, to: { platform: n.platform, workspace: n.workspace, channel: n.channel, user: n.user }, message: n.message as unknown as OutboundMessage,
    }));
    if (asJson) {
      process.stdout.write(`${JSON.stringify({ replies: outcome.replies, form: outcome.form ?? null, notifications }, null, 2)}\n`);
    } else {
      for (const reply of outcome.replies) process.stdout.write(`${renderText(reply)}\n`);
      if (outcome.form) process.stdout.write(`[form] ${outcome.form.title}: ${outcome.form.fields.map((f) => f.label).join(', ')}\n`);
      for (const n of notifications) process.stdout.write(`\n-> ${n.to.platform}:${n.to.channel} (${n.kind})\n${renderText(n.message)}\n`);
    }
    return outcome.replies.some((r) => r.tone === 'error') ? 1 : 0;
  } finally {
    await app.close();
  }
}

function renderText(message: OutboundMessage): string {
  const lines = [message.title];
  if (message.text) lines.push(message.text);
  for (const fact of message.facts) lines.push(`  ${fact.label}: ${fact.value.replace(/\n/g, '; ')}`);
  if (message.actions.length) lines.push(`  [${message.actions.map((a) => a.label).join('] [')}]`);
  return lines.join('\n');
}
