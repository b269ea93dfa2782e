import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import { refuse } from '../access/refuse.ts';
import { plainMessage } from '../messages/incident-message.ts';
import type { RosterSource } from '../shift/shift.port.ts';
import { addLocalDays, localDateOf } from '../shift/local-time.ts';
import type { DigestStore } from './digest.port.ts';
import { renderDigest } from './render-digest.ts';
import { buildDigest } from './build-digest.ts';
import { digestScope, scopeName } from './digest-scope.ts';
import type { DigestQuery } from '../commands/command.types.ts';
import { dt } from './digest.i18n.ts';
import { onlyOnce } from '../coordination/request-once.ts';
import { endSubscriptions } from './end-subscriptions.ts';
import { CoreError } from '../shared/core-error.ts';

export interface DigestContext {
  shifts: RosterSource;
  digests: DigestStore;
}

const mayUseDigests = (actor: Actor) => actor.person.role === 'supervisor' || actor.person.role === 'admin';

/** `/digest [date] [area|agency]`: the digest of a local day (default yesterday) for the actor's scope. Writes nothing. */
export async function digestOnDemand(deps: CoordinationDeps, ctx: DigestContext, actor: Actor, args: DigestQuery): Promise<CommandOutcome> {
  const { directory, locale, person } = actor;
  if (!mayUseDigests(actor)) return refuse(deps, actor, 'digest', 'digest', args.date ?? '-');
  const tz = directory.settings.timeZone;
  const now = deps.clock.now();
  const today = localDateOf(now, tz);
  const date = args.date ?? addLocalDays(today, -1);
  if (date > today) throw new CoreError('day_not_over', { date });
  const snapshot = await ctx.shifts.snapshot();
  const scope = digestScope(directory, snapshot, person, args.areaIds, args.agencyIds);
  const data = await buildDigest(ctx.digests.reader, snapshot, scope, date, tz, now);
  const requested = args.areaIds.length ? args.areaIds : person.areaIds;
  const l = args.locale ?? locale;
  const message = renderDigest(directory, data, { locale: l, scopeName: scopeName(directory, requested, args.agencyIds, l) });
  return { replies: [{ ...message, audience: 'reply' }], changed: false };
}

/** `/digest subscribe [area|agency ...] [HH:MM] [sv|en]`: a daily digest at a local time (default 07:00, own language). */
export async function subscribeDigest(
  deps: CoordinationDeps, ctx: DigestContext, actor: Actor, args: Omit<DigestQuery, 'date'> & { time?: string },
): Promise<CommandOutcome> {
  const { directory, locale, person } = actor;
  if (!mayUseDigests(actor)) return refuse(deps, actor, 'digest.subscribe', 'digest_subscription', '-');
  const now = deps.clock.now();
  digestScope(directory, await ctx.shifts.snapshot(), person, args.areaIds, args.agencyIds);
  const subscription = {
    id: `sub-${randomUUID().slice(0, 8)}`, personId: person.id, areaIds: args.areaIds, agencyIds: args.agencyIds,
    localTime: args.time ?? '07:00', locale: args.locale ?? person.locale, active: true, source: 'admin' as const, createdAt: now,
    kind: 'digest' as const, weekday: null,
  };
  await ctx.digests.transaction(async (tx) => {
    await onlyOnce(tx, actor, 'digest.subscribe', person.id, now);
    await tx.addSubscription(subscription);
    await tx.audit([{
      at: now, actorId: person.id, action: 'digest.subscribed', subjectType: 'digest_subscription', subjectId: subscription.id,
      after: { areaIds: subscription.areaIds, agencyIds: subscription.agencyIds, localTime: subscription.localTime, locale: subscription.locale },
      platform: actor.platform, requestId: actor.requestId,
    }]);
  });
  const text = dt('subscribed', locale, {
    scope: scopeName(directory, args.areaIds.length ? args.areaIds : person.areaIds, args.agencyIds, locale), time: subscription.localTime, locale: subscription.locale, id: subscription.id,
  });
  return { replies: [plainMessage(locale, 'success', text)], changed: true };
}

/** `/digest unsubscribe [id]`: ends the actor's subscriptions (all, or one). */
export async function unsubscribeDigest(deps: CoordinationDeps, ctx: DigestContext, actor: Actor, subscriptionId: string | undefined): Promise<CommandOutcome> {
  const count = await endSubscriptions(ctx.digests, deps.clock, actor, 'digest', subscriptionId);
  return { replies: [plainMessage(actor.locale, count ? 'success' : 'info', dt('unsubscribed', actor.locale, { count }))], changed: count > 0 };
}

/** `/digest subscriptions`: the actor's active subscriptions. */
export async function listSubscriptions(ctx: DigestContext, actor: Actor): Promise<CommandOutcome> {
  const { directory, locale } = actor;
  const subscriptions = (await ctx.digests.subscriptionsOf(actor.person.id)).filter((s) => s.active && s.kind === 'digest');
  if (subscriptions.length === 0) return { replies: [plainMessage(locale, 'info', dt('subscriptions.title', locale), dt('subscriptions.none', locale))], changed: false };
  const message = plainMessage(locale, 'info', dt('subscriptions.title', locale));
  message.facts = subscriptions.map((s) => ({
    label: s.id,
    value: `${scopeName(directory, s.areaIds.length ? s.areaIds : actor.person.areaIds, s.agencyIds, locale)} · ${s.localTime} · ${s.locale}`,
  }));
  return { replies: [message], changed: false };
}
