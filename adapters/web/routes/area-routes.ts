import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { WebConsoleDeps } from '../web-console.deps.ts';
import type { AreaViews } from '../area-views.deps.ts';
import { resolveVisitor, type Visitor } from '../visitor.ts';
import { renderPage } from '../render/layout.ts';
import { esc } from '../render/html.ts';
import { sendHtml, sendText } from '../http/responses.ts';
import { at, type AreaTextKey } from '../area-texts.ts';
import { renderAreaIncidentsMain, renderAreaPictureMain, areaNav } from '../render/areas/area-picture-page.ts';
import { packChooser, renderPackMain } from '../render/pack/pack-page.ts';
import { packExportFiles } from '../../../src/core/pack/pack-export.ts';
import { isPackRefusal } from '../../../src/core/pack/build-weekly-pack.ts';
import { maySupervise } from '../../../src/core/supervision/supervision-scope.ts';
import { renderErrorPage } from './error-page.ts';

/** Query parameters of the area and pack pages: sizes checked here, meanings by the core. */
const areaQuerySchema = z.object({
  as: z.string().trim().min(1).max(80).optional().catch(undefined),
  lang: z.enum(['sv', 'en']).optional().catch(undefined),
  area: z.string().trim().min(1).max(100).optional().catch(undefined),
  week: z.string().trim().min(1).max(20).optional().catch(undefined),
  file: z.string().trim().min(1).max(200).optional().catch(undefined),
});
type AreaQuery = z.infer<typeof areaQuerySchema>;

type Page = { visitor: Visitor; views: AreaViews; q: AreaQuery };

/**
 * The access check the supervisor view uses: a known persona (behind the console's own sign-in, checked before any
 * route), and a supervisor or admin. Others get the same pages the supervisor view gives them (404 / 403).
 */
async function supervisorPage(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<Page | null> {
  const q = areaQuerySchema.parse(Object.fromEntries(url.searchParams));
  const views = deps.areaViews;
  if (!views) {
    sendText(res, 404, 'not found');
    return null;
  }
  const visitor = await resolveVisitor(deps, req, q.as, q.lang);
  if (!visitor) {
    await renderErrorPage(deps, res, 404, 'error.persona', q.lang);
    return null;
  }
  if (!maySupervise(visitor.person)) {
    send({ visitor, views, q }, res, 403, '/supervisor/areas', at('areas.title', visitor.ctx.locale), refusal(visitor, 'error.not_supervisor'));
    return null;
  }
  return { visitor, views, q };
}

const refusal = (visitor: Visitor, key: AreaTextKey) => `${areaNav(visitor.ctx)}<p class="error-text" role="alert">${esc(at(key, visitor.ctx.locale))}</p>`;

function send(page: Page, res: ServerResponse, status: number, path: string, title: string, main: string): void {
  const { ctx, directory, person } = page.visitor;
  sendHtml(res, status, renderPage({
    ctx, directory, person, view: 'supervisor', path, title, params: { area: page.q.area, week: page.q.week }, signedIn: page.visitor.signedIn, main,
  }));
}

/** GET /supervisor/areas : the area picture (map and table). */
export async function areaPictureRoute(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const page = await supervisorPage(deps, req, res, url);
  if (!page) return;
  const { visitor, views, q } = page;
  const picture = await views.picture(visitor.person.id);
  if (!picture) return send(page, res, 403, '/supervisor/areas', at('areas.title', visitor.ctx.locale), refusal(visitor, 'error.not_supervisor'));
  send(page, res, 200, '/supervisor/areas', at('areas.title', visitor.ctx.locale), renderAreaPictureMain(picture, views.outlines, visitor.ctx));
}

/** GET /supervisor/area?area=<id> : one area's open incidents, linked from the picture. */
export async function areaIncidentsRoute(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const page = await supervisorPage(deps, req, res, url);
  if (!page) return;
  const { visitor, views, q } = page;
  const found = q.area ? await views.incidents(visitor.person.id, q.area) : null;
  const title = at('areas.title', visitor.ctx.locale);
  if (!found) return send(page, res, 404, '/supervisor/area', title, refusal(visitor, 'error.area'));
  send(page, res, 200, '/supervisor/area', title, renderAreaIncidentsMain(visitor.directory, q.area!, found.incidents, visitor.ctx));
}

/** The areas a person may choose a pack for: admins every area, supervisors theirs and everything below. */
function packAreas(visitor: Visitor) {
  const { directory, person } = visitor;
  return directory.allAreas().filter((a) => person.role === 'admin' || person.areaIds.some((scope) => directory.areaWithin(a.id, scope)));
}

/** GET /supervisor/pack?area=<id>&week=YYYY-Www : the printable weekly pack (default: own first area, last week). */
export async function packPageRoute(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const page = await supervisorPage(deps, req, res, url);
  if (!page) return;
  const { visitor, views, q } = page;
  const l = visitor.ctx.locale;
  const areas = packAreas(visitor);
  const areaId = q.area ?? visitor.person.areaIds[0] ?? areas[0]?.id;
  try {
    const pack = await views.pack(visitor.person.id, areaId ?? '', q.week);
    send(page, res, 200, '/supervisor/pack', at('nav.pack', l), renderPackMain(visitor.directory, pack, areas, visitor.ctx));
  } catch (error) {
    if (!isPackRefusal(error)) throw error;
    const key: AreaTextKey = error.code === 'pack_week' || error.code === 'pack_future_week' ? 'error.week' : 'error.area';
    send(page, res, error.code === 'pack_scope' || error.code === 'unknown_area' ? 404 : 400, '/supervisor/pack', at('nav.pack', l),
      `${refusal(visitor, key)}${packChooser(areas, visitor.ctx, { area: areaId, week: q.week })}`);
  }
}

/** GET /supervisor/pack/export?area=&week=&file= : one file of the export (the Markdown, or one table's CSV). */
export async function packExportRoute(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const page = await supervisorPage(deps, req, res, url);
  if (!page) return;
  const { visitor, views, q } = page;
  const l = visitor.ctx.locale;
  if (!q.area || !q.week || !q.file) return sendText(res, 400, at('error.file', l));
  let pack;
  try {
    pack = await views.pack(visitor.person.id, q.area, q.week);
  } catch (error) {
    if (!isPackRefusal(error)) throw error;
    return sendText(res, error.code === 'pack_scope' || error.code === 'unknown_area' ? 404 : 400, at(error.code === 'pack_week' || error.code === 'pack_future_week' ? 'error.week' : 'error.area', l));
  }
  const file = packExportFiles(visitor.directory, pack, l).find((f) => f.name === q.file);
  if (!file) return sendText(res, 404, at('error.file', l));
  const type = file.name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'text/markdown; charset=utf-8';
  sendText(res, 200, file.contents, type, { 'content-disposition': `attachment; filename="${file.name}"`, 'cache-control': 'no-store' });
}
