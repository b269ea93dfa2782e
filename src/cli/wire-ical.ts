import type { AdapterWire } from './wiring.types.ts';
import { createIcalFeedHandler } from '../../adapters/ical/ical-feed-handler.ts';
import { PrismaCalendarTokenStore } from '../infra/calendar/prisma-calendar-token-store.ts';
import { PrismaAccessLog } from '../infra/access/prisma-access-log.ts';
import { openFeed } from '../core/calendar/calendar-feed.service.ts';

/**
 * Private roster feeds at `/ical/<token>`: always mounted (calendar apps reach them without signing in to anything);
 * a feed exists only once `samband ical issue` made a token for it.
 */
export const wireIcal: AdapterWire = async ({ db, directory, clock, logger, shifts }) => {
  const log = logger.child({ adapter: 'ical' });
  const deps = {
    directory, clock, shifts, tokens: new PrismaCalendarTokenStore(db), accessLog: new PrismaAccessLog(db),
  };
  const handler = createIcalFeedHandler({ openFeed: (token) => openFeed(deps, token), now: () => clock.now(), logger: log });
  return { name: 'ical', mounts: [{ path: '/ical/', handler }] };
};
