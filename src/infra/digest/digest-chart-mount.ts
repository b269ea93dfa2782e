import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Database } from '../db/database.ts';
import type { HttpMount } from '../server/http-server.ts';
import type { Clock } from '../../core/ports/clock.port.ts';
import type { DirectoryReader } from '../../core/directory/directory.port.ts';
import { isCoreError } from '../../core/shared/core-error.ts';
import { errorText } from '../../core/messages/i18n.ts';
import { addLocalDays, localDateOf, parseLocalDate } from '../../core/shift/local-time.ts';
import { buildDigest } from '../../core/digest/build-digest.ts';
import { digestScope } from '../../core/digest/digest-scope.ts';
import { digestChart } from '../../core/digest/render-digest.ts';
import type { DigestChartKind } from '../../core/digest/digest.types.ts';
import { PrismaShiftStore } from '../shift/prisma-shift-store.ts';
import { PrismaDigestStore } from './prisma-digest-store.ts';

const list = z.string().max(400).optional().transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []));
const querySchema = z.object({
  date: z.string().optional().refine((v) => v === undefined || parseLocalDate(v) !== undefined, 'date must be YYYY-MM-DD'),
  areas: list,
  agencies: list,
  chart: z.enum(['areas', 'ack']).default('areas'),
  locale: z.enum(['sv', 'en']).default('sv'),
  format: z.enum(['svg', 'png']).default('svg'),
});

export interface DigestChartMountOptions {
  db: Database;
  directory: DirectoryReader;
  clock: Clock;
  /** Path to answer; default `/digest/chart`. */
  path?: string;
  /**
   * Who asks: the person id the web console authenticated for this request, or undefined. The chart is served only
   * to supervisors (their own areas) and admins, as `/digest` is.
   */
  personOf(req: IncomingMessage): string | undefined | Promise<string | undefined>;
}

/**
 * The digest charts over HTTP, for the web console (and as the public URL Slack would need):
 * `GET /digest/chart?date=2026-03-29&areas=jarva&agencies=polisen&chart=areas|ack&locale=sv&format=svg|png`
 * (date defaults to yesterday). The same numbers and drawing as the digest message. 400 for a bad query, 403 when
 * the person may not see that scope.
 */
export function digestChartMount(options: DigestChartMountOptions): HttpMount {
  const digests = new PrismaDigestStore(options.db);
  const shifts = new PrismaShiftStore(options.db, options.clock);
  return {
    path: options.path ?? '/digest/chart',
    async handler(req: IncomingMessage, res: ServerResponse) {
      if (req.method !== 'GET') return send(res, 405, 'text/plain', 'method not allowed');
      const url = new URL(req.url ?? '/', 'http://local');
      const parsed = querySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) return send(res, 400, 'text/plain', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
      const query = parsed.data;
      const directory = await options.directory.current();
      const person = directory.person((await options.personOf(req)) ?? '');
      if (!person) return send(res, 403, 'text/plain', 'forbidden');
      const tz = directory.settings.timeZone;
      const now = options.clock.now();
      const date = query.date ?? addLocalDays(localDateOf(now, tz), -1);
      const snapshot = await shifts.snapshot();
      let scope;
      try {
        scope = digestScope(directory, snapshot, person, query.areas.filter((id) => directory.area(id)), query.agencies.filter((id) => directory.agency(id)));
      } catch (error) {
        if (isCoreError(error)) return send(res, 403, 'text/plain', errorText(error.code, query.locale, error.params));
        throw error;
      }
      const data = await buildDigest(digests.reader, snapshot, scope, date, tz, now);
      const image = digestChart(directory, data, query.chart as DigestChartKind, query.locale);
      if (query.format === 'png') return send(res, 200, 'image/png', Buffer.from(image.pngBase64!, 'base64'));
      return send(res, 200, 'image/svg+xml; charset=utf-8', image.svg);
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'private, max-age=300', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
