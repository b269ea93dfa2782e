import type { FormField, IncidentFormSpec } from '../../../src/core/messages/outbound.types.ts';
import { esc } from './html.ts';
import { csrfField, personaFields, type RenderContext } from './render-message.ts';
import { wt } from '../web-texts.ts';

/**
 * The core's incident form as an HTML form. The browser does not validate (`novalidate`): the core checks the
 * submission with the same rules and messages as chat, and `values` puts back what was typed after an error.
 */
export function renderIncidentForm(spec: IncidentFormSpec, ctx: RenderContext, requestKey: string, values: Record<string, string> = {}): string {
  const fields = spec.fields.map((field) => renderField(field, values[field.id] ?? field.initial ?? '', ctx)).join('');
  return `<form id="incident-form" class="incident-form js-post" method="post" action="/form" novalidate lang="${esc(spec.locale)}" aria-labelledby="incident-form-title">`
    + `<h2 id="incident-form-title">${esc(spec.title)}</h2>${personaFields(ctx)}${csrfField(ctx)}<input type="hidden" name="requestKey" value="${esc(requestKey)}">`
    + `${fields}<div class="form-buttons"><button type="submit" class="btn btn-primary">${esc(spec.submitLabel)}</button>`
    + `<a class="btn" href="#command-text" data-close-form>${esc(wt('form.cancel', ctx.locale))}</a></div></form>`;
}

function renderField(field: FormField, value: string, ctx: RenderContext): string {
  const id = `field-${field.id}`;
  const required = field.required ? ` aria-required="true"` : '';
  const marker = field.required ? ` <span class="required" aria-hidden="true">*</span><span class="sr-only">(${esc(wt('form.required', ctx.locale))})</span>` : '';
  const label = `<label for="${id}">${esc(field.label)}${marker}</label>`;
  let control: string;
  if (field.kind === 'select') {
    // With no default, start on an empty choice: the first area in the list is not a sensible guess.
    const blank = field.initial === undefined ? `<option value=""${value ? '' : ' selected'}>${esc(wt('form.choose', ctx.locale))}</option>` : '';
    const options = blank + (field.options ?? []).map((o) => `<option value="${esc(o.value)}"${o.value === value ? ' selected' : ''}>${esc(o.label)}</option>`).join('');
    control = `<select id="${id}" name="${esc(field.id)}"${required}>${options}</select>`;
  } else if (field.kind === 'textarea') {
    control = `<textarea id="${id}" name="${esc(field.id)}" rows="3"${required}${field.placeholder ? ` placeholder="${esc(field.placeholder)}"` : ''}>${esc(value)}</textarea>`;
  } else {
    control = `<input id="${id}" name="${esc(field.id)}" type="text" value="${esc(value)}"${required}>`;
  }
  return `<div class="field">${label}${control}</div>`;
}
