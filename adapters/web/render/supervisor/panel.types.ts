import type { Directory } from '../../../../src/core/directory/directory.ts';
import type { SupervisorView } from '../../../../src/core/supervision/supervision.types.ts';
import type { RenderContext } from '../render-message.ts';

/** What every supervisor panel gets. */
export interface PanelContext {
  view: SupervisorView;
  directory: Directory;
  ctx: RenderContext;
}

/** One panel of the supervisor view: a function from the view to an HTML `<section>`. */
export type SupervisorPanel = (panel: PanelContext) => string;

export const areaName = (p: PanelContext, id: string) => p.directory.area(id)?.name[p.ctx.locale] ?? id;
export const agencyLabel = (p: PanelContext, id: string) => p.directory.agency(id)?.name[p.ctx.locale] ?? id;
export const personName = (p: PanelContext, id: string | null) => (id ? p.directory.person(id)?.name ?? id : '');
