import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebConsoleDeps } from '../web-console.deps.ts';
import { resolveVisitor, type Visitor } from '../visitor.ts';
import { pageQuerySchema, type PageQuery } from '../inbound-schemas.ts';
import { renderPage } from '../render/layout.ts';
import { renderPanels, renderSupervisorMain } from '../render/supervisor/supervisor-page.ts';
import type { PanelContext } from '../render/supervisor/panel.types.ts';
import { esc } from '../render/html.ts';
import { sendHtml, sendText } from '../http/responses.ts';
import { wt } from '../web-texts.ts';
import { renderErrorPage } from './error-page.ts';

async function panelContext(deps: WebConsoleDeps, req: IncomingMessage, q: PageQuery): Promise<{ visitor: Visitor | null; panel: PanelContext | null }> {
  const visitor = await resolveVisitor(deps, req, q.as, q.lang);
  if (!visitor) return { visitor, panel: null };
  const view = await deps.supervisorView(visitor.person.id, { incidentRef: q.incident });
  return { visitor, panel: view ? { view, directory: visitor.directory, ctx: visitor.ctx } : null };
}

/** GET /supervisor : the supervisor view, for supervisors and admins; others are told it is not for them. */
export async function supervisorPageRoute(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const q = pageQuerySchema.parse(Object.fromEntries(url.searchParams));
  const { visitor, panel } = await panelContext(deps, req, q);
  if (!visitor) return renderErrorPage(deps, res, 404, 'error.persona', q.lang);
  const { ctx } = visitor;
  const main = panel
    ? renderSupervisorMain(panel)
    : `<h1>${esc(wt('sup.title', ctx.locale))}</h1><p class="error-text" role="alert">${esc(wt('error.not_supervisor', ctx.locale))}</p>`;
  sendHtml(res, panel ? 200 : 403, renderPage({
    ctx, directory: visitor.directory, person: visitor.person, view: 'supervisor', title: wt('sup.title', ctx.locale),
    params: { incident: q.incident }, signedIn: visitor.signedIn, main,
  }));
}

/** GET /supervisor/panels : the panels alone, for the live refresh after a change. */
export async function supervisorPanelsRoute(deps: WebConsoleDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const q = pageQuerySchema.parse(Object.fromEntries(url.searchParams));
  const { visitor, panel } = await panelContext(deps, req, q);
  if (!visitor) return sendText(res, 404, 'unknown persona');
  if (!panel) return sendText(res, 403, wt('error.not_supervisor', visitor.ctx.locale));
  sendText(res, 200, renderPanels(panel), 'text/html; charset=utf-8', { 'cache-control': 'no-store' });
}
