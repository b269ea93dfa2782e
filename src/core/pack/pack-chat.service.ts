import { randomUUID } from 'node:crypto';
import type { Actor } from '../kernel/actor.ts';
import type { CoordinationDeps } from '../kernel/core-deps.ts';
import type { CommandOutcome } from '../kernel/command-outcome.ts';
import type { PackCommand } from '../commands/command.types.ts';
import { refuse } from '../access/refuse.ts';
import { plainMessage } from '../messages/incident-message.ts';
import { mayReadDigest } from '../digest/digest-scope.ts';
import type { DigestSubscription } from '../digest/digest.types.ts';
import { onlyOnce } from '../coordination/request-once.ts';
import { endSubscriptions } from '../digest/end-subscriptions.ts';
import { usageError } from '../commands/parse-context.ts';
import { weekdaysText } from '../shift/shift-args.ts';
import { packScopeError } from './build-weekly-pack.ts';
import { weeklyPack, type WeeklyPackDeps } from './weekly-pack.service.ts';
import { packPageUrl, renderPackMessage } from './render-pack-message.ts';
import { pt } from './pack.i18n.ts';

type Show = Extract<PackCommand, { kind: 'pack.show' }>;
type Subscribe = Extract<PackCommand, { kind: 'pack.subscribe' }>;

const mayUsePacks = (actor: Actor) => actor.person.role === 'supervisor' || actor.person.role === 'admin';
const NO_READ_LOG = { record: async () => undefined };

/** What the pack needs of the coordination deps. */
export function packDepsOf(deps: CoordinationDeps): WeeklyPackDeps {
  return { directory: deps.directory, shifts: deps.shifts, reader: deps.digests.reader, packs: deps.packs, clock: deps.clock, accessLog: deps.accessLog ?? NO_READ_LOG };
}

/**
 * `pack [area] [week]`: the weekly pack as a message to the person who asked (answered privately in shared rooms,
 * like `digest` and `status`). Supervisors of the area and admins; the incidents it names go to the read log.
 */
export async function packOnDemand(deps: CoordinationDeps, actor: Actor, command: Show): Promise<CommandOutcome> {
  const { directory, person } = actor;
  if (!mayUsePacks(actor)) return refuse(deps, actor, 'pack', 'pack', command.areaId ?? '-');
  const areaId = command.areaId ?? person.areaIds[0];
  if (!areaId) throw usageError('pack <area> [week]');
  const pack = await weeklyPack(packDepsOf(deps), { viewerId: person.id, areaId, week: command.week, surface: actor.platform });
  const message = renderPackMessage(directory, pack, { locale: command.locale ?? actor.locale, pageUrl: packPageUrl(deps.publicUrl, pack) });
  return { replies: [{ ...message, audience: 'reply' }], changed: false };
}

/** `pack subscribe [area] <weekday> <HH:MM> [sv|en]`: the last week's pack, every week at that local day and time. */
export async function subscribePack(deps: CoordinationDeps, actor: Actor, command: Subscribe): Promise<CommandOutcome> {
  const { directory, locale, person } = actor;
  if (!mayUsePacks(actor)) return refuse(deps, actor, 'pack.subscribe', 'digest_subscription', '-');
  const areaId = command.areaId ?? person.areaIds[0];
  if (!areaId) throw usageError('pack subscribe <area> <weekday> <HH:MM>');
  if (!mayReadDigest(directory, person, [areaId])) throw packScopeError(directory, person);
  const now = deps.clock.now();
  const subscription: DigestSubscription = {
    id: `pack-${randomUUID().slice(0, 8)}`, personId: person.id, areaIds: [areaId], agencyIds: [], localTime: command.time,
    locale: command.locale ?? person.locale, active: true, source: 'admin', createdAt: now, kind: 'pack', weekday: command.weekday,
  };
  await deps.digests.transaction(async (tx) => {
    await onlyOnce(tx, actor, 'pack.subscribe', person.id, now);
    await tx.addSubscription(subscription);
    await tx.audit([{
      at: now, actorId: person.id, action: 'pack.subscribed', subjectType: 'digest_subscription', subjectId: subscription.id,
      after: { areaId, weekday: command.weekday, localTime: command.time, locale: subscription.locale },
      platform: actor.platform, requestId: actor.requestId,
    }]);
  });
  const text = pt('subscribed', locale, {
    area: directory.area(areaId)?.name[locale] ?? areaId, day: weekdaysText([command.weekday], locale), time: command.time, locale: subscription.locale, id: subscription.id,
  });
  return { replies: [plainMessage(locale, 'success', text)], changed: true };
}

/** `pack unsubscribe [id]`: ends the actor's weekly packs (all, or one); their digests are left alone. */
export async function unsubscribePack(deps: CoordinationDeps, actor: Actor, subscriptionId: string | undefined): Promise<CommandOutcome> {
  const count = await endSubscriptions(deps.digests, deps.clock, actor, 'pack', subscriptionId);
  return { replies: [plainMessage(actor.locale, count ? 'success' : 'info', pt('unsubscribed', actor.locale, { count }))], changed: count > 0 };
}

/** `pack subscriptions`: the actor's active weekly packs. */
export async function listPackSubscriptions(deps: CoordinationDeps, actor: Actor): Promise<CommandOutcome> {
  const { directory, locale } = actor;
  const subscriptions = (await deps.digests.subscriptionsOf(actor.person.id)).filter((s) => s.active && s.kind === 'pack');
  const message = plainMessage(locale, 'info', pt('subscriptions.title', locale), subscriptions.length ? undefined : pt('subscriptions.none', locale));
  message.facts = subscriptions.map((s) => ({
    label: s.id,
    value: `${s.areaIds.map((id) => directory.area(id)?.name[locale] ?? id).join(', ')} · ${weekdaysText([s.weekday ?? 1], locale)} ${s.localTime} · ${s.locale}`,
  }));
  return { replies: [message], changed: false };
}
