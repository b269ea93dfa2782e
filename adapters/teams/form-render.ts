import type { FormField, IncidentFormSpec } from '../../src/core/messages/outbound.types.ts';
import { CARD_DATA_KEY, VERB_FORM } from './card-data.ts';
import { escapeCardText } from './card-text.ts';
import { cardFrame, clip, noticeBlock, type AdaptiveCard, type CardElement, type CardNotice } from './card-render.ts';
import { teamsText } from './teams-texts.ts';

/** Teams caps a choice list's practical size; a deployment with more areas than this gets the first ones. */
const MAX_CHOICES = 200;

/**
 * The core's incident form as an Adaptive Card: one input per field, submitted with Action.Execute. `values` refills
 * what the person typed when the form comes back with an error.
 */
export function renderFormCard(form: IncidentFormSpec, values: Record<string, string> = {}, notice?: CardNotice): AdaptiveCard {
  const body: CardElement[] = [];
  if (notice) body.push(noticeBlock(notice, form.locale));
  body.push({ type: 'TextBlock', text: escapeCardText(form.title), size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' });
  for (const field of form.fields) body.push(renderField(field, values[field.id], form.locale));
  const submit = {
    type: 'Action.Execute',
    title: form.submitLabel,
    verb: VERB_FORM,
    data: { [CARD_DATA_KEY]: 'form' },
    style: 'positive',
  };
  return cardFrame(body, [submit], form.title);
}

function renderField(field: FormField, value: string | undefined, locale: IncidentFormSpec['locale']): CardElement {
  const common = {
    id: field.id,
    label: field.label,
    isRequired: field.required,
    ...(field.required ? { errorMessage: teamsText('form.required', locale) } : {}),
  };
  if (field.kind === 'select') {
    const choices = (field.options ?? []).slice(0, MAX_CHOICES).map((o) => ({ title: o.label, value: o.value }));
    const chosen = value ?? field.initial;
    return {
      type: 'Input.ChoiceSet',
      ...common,
      style: 'compact',
      choices,
      ...(chosen && choices.some((c) => c.value === chosen) ? { value: chosen } : {}),
    };
  }
  const initial = value ?? field.initial;
  return {
    type: 'Input.Text',
    ...common,
    isMultiline: field.kind === 'textarea',
    ...(field.maxLength ? { maxLength: field.maxLength } : {}),
    ...(field.placeholder ? { placeholder: field.placeholder } : {}),
    ...(initial ? { value: clip(initial, field.maxLength ?? 4000, locale) } : {}),
  };
}
