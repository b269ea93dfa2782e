import { appendAuditEvents } from '../audit/audit-writer.ts';
import type { Database } from '../db/database.ts';
import { announceDirectoryChange } from '../directory/directory-changes.ts';
import type { Clock } from '../../core/ports/clock.port.ts';
import type { DirectoryReader } from '../../core/directory/directory.port.ts';
import type { RoomAudienceRecorder, RoomAudienceReport } from '../../core/audience/room-audience.port.ts';

/** Rooms' detected audience in `room_audience`, each change audited in the same transaction. */
export class PrismaRoomAudience implements RoomAudienceRecorder {
  constructor(private readonly db: Database, private readonly clock: Clock, private readonly directory: DirectoryReader) {}

  async record(report: RoomAudienceReport): Promise<boolean> {
    const { platform, workspace, channel } = report.room;
    const key = { platform, workspace, channel };
    const at = this.clock.now();
    const changed = await this.db.prisma.$transaction(async (tx) => {
      // Serialises two reports of one room (an event and a look-up racing): the second sees the first's row.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`room_audience|${platform}|${workspace}|${channel}`}))`;
      const known = await tx.roomAudience.findUnique({ where: { platform_workspace_channel: key } });
      const was = known?.shared ?? false;
      await tx.roomAudience.upsert({
        where: { platform_workspace_channel: key },
        create: { ...key, shared: report.shared, checkedAt: at },
        update: { shared: report.shared, checkedAt: at },
      });
      if (was === report.shared) return false;
      await appendAuditEvents(tx, [{
        at,
        actorId: 'system',
        action: 'room.audience_changed',
        subjectType: 'room',
        subjectId: `${platform}:${workspace}:${channel}`,
        before: { shared: was },
        after: { shared: report.shared, source: report.source },
        platform,
      }]);
      // Other replicas drop their cached directory at commit, so they too send this room only what it may see.
      await announceDirectoryChange(tx);
      return true;
    }, { timeout: 20_000, maxWait: 20_000 });
    if (changed) this.directory.invalidate();
    return changed;
  }
}
