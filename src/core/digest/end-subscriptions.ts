import type { Actor } from '../kernel/actor.ts';
import type { Clock } from '../ports/clock.port.ts';
import { onlyOnce } from '../coordination/request-once.ts';
import type { DigestStore } from './digest.port.ts';
import type { DigestSubscription } from './digest.types.ts';

// Spelled out (not built from the kind) so every audit action name can be found by searching for it.
const ACTIONS: Record<DigestSubscription['kind'], { request: string; audit: string }> = {
  digest: { request: 'digest.unsubscribe', audit: 'digest.unsubscribed' },
  pack: { request: 'pack.unsubscribe', audit: 'pack.unsubscribed' },
};

/**
 * Ends the actor's active subscriptions of one kind (all of them, or the one `subscriptionId`) and writes the audit
 * event in the same transaction, once per request; returns how many ended. `/digest unsubscribe` and
 * `pack unsubscribe` differ only in the kind and the words of their reply.
 */
export async function endSubscriptions(
  digests: DigestStore, clock: Clock, actor: Actor, kind: DigestSubscription['kind'], subscriptionId: string | undefined,
): Promise<number> {
  const now = clock.now();
  const { request, audit } = ACTIONS[kind];
  return digests.transaction(async (tx) => {
    await onlyOnce(tx, actor, request, actor.person.id, now);
    const ended = await tx.deactivate(actor.person.id, subscriptionId, kind);
    if (ended > 0) {
      await tx.audit([{
        at: now, actorId: actor.person.id, action: audit, subjectType: 'digest_subscription', subjectId: subscriptionId ?? 'all',
        after: { ended }, platform: actor.platform, requestId: actor.requestId,
      }]);
    }
    return ended;
  });
}
