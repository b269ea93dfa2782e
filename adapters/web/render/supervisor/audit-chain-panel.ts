import { formatLocalClock } from '../../../../src/core/messages/format-time.ts';
import { esc } from '../html.ts';
import { wt } from '../../web-texts.ts';
import type { SupervisorPanel } from './panel.types.ts';

/** Whether the audit trail's hash chain is whole, or the first event where it breaks. */
export const auditChainPanel: SupervisorPanel = ({ view, ctx }) => {
  const { chain } = view;
  const l = ctx.locale;
  const status = chain.brokenAt
    ? `<p id="chain-status" class="chain chain-broken" data-state="broken" role="status"><span aria-hidden="true">✗ </span>${esc(wt('sup.chain.broken', l, { seq: chain.brokenAt.seq, action: chain.brokenAt.action, reason: chain.brokenAt.reason, count: chain.checked }))}</p>`
    : `<p id="chain-status" class="chain chain-ok" data-state="verified" role="status"><span aria-hidden="true">✓ </span>${esc(wt('sup.chain.ok', l, { count: chain.checked }))}</p>`;
  return `<section class="panel panel-chain" aria-labelledby="chain-title"><h2 id="chain-title">${esc(wt('sup.chain', l))}</h2>${status}`
    + `<p class="hint">${esc(wt('sup.chain.checked', l, { time: formatLocalClock(chain.checkedAt, ctx.timeZone) }))}</p></section>`;
};
