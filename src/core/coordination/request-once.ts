import type { Actor } from '../kernel/actor.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { RequestKeyGate } from './request-key.port.ts';
import type { Locale } from '../shared/platform.types.ts';
import { plainMessage } from '../messages/incident-message.ts';
import { t } from '../messages/i18n.ts';

/**
 * Thrown inside a store transaction when the request was already carried out: the transaction rolls back (it wrote
 * nothing yet) and the front door answers with `replayedOutcome`. Not an error for the person who sent it.
 */
export class RequestAlreadyApplied extends Error {
  constructor(readonly kind: string, readonly ref?: string) {
    super(`request already applied (${kind})`);
    this.name = 'RequestAlreadyApplied';
  }
}

/**
 * True when this is the first delivery of the actor's request to be carried out (its key is now recorded in `tx`),
 * or when the request has no key (typed in the CLI: no deduplication). False for a replay.
 */
export function firstDelivery(tx: RequestKeyGate, actor: Actor, kind: string, subject: string, at: Date): Promise<boolean> {
  if (!actor.requestKey) return Promise.resolve(true);
  return tx.claimRequestKey({ key: actor.requestKey, kind, subject, at });
}

/**
 * Like `firstDelivery`, for use cases whose replay needs no answer of their own: a replay throws
 * `RequestAlreadyApplied`. `ref` (an incident reference) is named in the reply.
 */
export async function onlyOnce(tx: RequestKeyGate, actor: Actor, kind: string, subject: string, at: Date, ref?: string): Promise<void> {
  if (!(await firstDelivery(tx, actor, kind, subject, at))) throw new RequestAlreadyApplied(kind, ref);
}

/** What a replayed request gets back: it was done before, nothing changed now. */
export function replayedOutcome(replay: RequestAlreadyApplied, locale: Locale): CommandOutcome {
  const text = replay.ref ? t('text.request.replayed_ref', locale, { ref: replay.ref }) : t('text.request.replayed', locale);
  return { replies: [plainMessage(locale, 'info', text, undefined, replay.ref)], changed: false };
}
