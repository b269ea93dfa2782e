import type { types } from '@slack/bolt';
import type { FormField, FormOption, IncidentFormSpec } from '../../src/core/messages/outbound.types.ts';
import type { Locale } from '../../src/core/shared/platform.types.ts';
import { SLACK_LIMITS, truncate } from './slack-limits.ts';
import { slackText } from './slack-texts.ts';

/** Callback ids of Samband's modals. */
export const VIEW_ID = { incidentForm: 'samband.incident_form', reason: 'samband.reason' } as const;

const plain = (text: string, max: number): types.PlainTextElement => ({ type: 'plain_text', text: truncate(text, max), emoji: true });

/**
 * The core's incident form as a Slack modal: one input block per field, block and action ids equal to the field id,
 * so the submission reads back without guessing. Long option lists become option groups (Slack allows 100 options
 * per list); text fields are capped at Slack's 3000-character input limit.
 */
export function incidentFormView(spec: IncidentFormSpec, privateMetadata: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: VIEW_ID.incidentForm,
    title: plain(spec.title, SLACK_LIMITS.modalTitle),
    submit: plain(spec.submitLabel, SLACK_LIMITS.modalTitle),
    close: plain(slackText('modal.cancel', spec.locale), SLACK_LIMITS.modalTitle),
    private_metadata: privateMetadata.slice(0, SLACK_LIMITS.privateMetadata),
    blocks: spec.fields.slice(0, SLACK_LIMITS.modalBlocks).map(inputBlock),
  };
}

function inputBlock(field: FormField): types.InputBlock {
  return {
    type: 'input',
    block_id: field.id,
    optional: !field.required,
    label: plain(field.label, SLACK_LIMITS.inputLabel),
    element: field.kind === 'select' ? selectElement(field) : textElement(field),
  };
}

function textElement(field: FormField): types.PlainTextInput {
  const element: types.PlainTextInput = {
    type: 'plain_text_input',
    action_id: field.id,
    multiline: field.kind === 'textarea',
    max_length: Math.min(field.maxLength ?? SLACK_LIMITS.textInput, SLACK_LIMITS.textInput),
  };
  if (field.placeholder) element.placeholder = plain(field.placeholder, SLACK_LIMITS.placeholder);
  if (field.initial) element.initial_value = field.initial.slice(0, element.max_length);
  return element;
}

function selectElement(field: FormField): types.StaticSelect {
  const options = (field.options ?? []).filter((o) => o.value.length <= SLACK_LIMITS.optionValue).map(option);
  const element: types.StaticSelect = { type: 'static_select', action_id: field.id };
  if (field.placeholder) element.placeholder = plain(field.placeholder, SLACK_LIMITS.placeholder);
  if (options.length <= SLACK_LIMITS.selectOptions) {
    element.options = options;
  } else {
    const groups: { label: types.PlainTextElement; options: types.PlainTextOption[] }[] = [];
    for (let i = 0; i < options.length && groups.length < SLACK_LIMITS.optionGroups; i += SLACK_LIMITS.selectOptions) {
      const chunk = options.slice(i, i + SLACK_LIMITS.selectOptions);
      const first = chunk[0].text.text;
      const last = chunk[chunk.length - 1].text.text;
      groups.push({ label: plain(`${first} – ${last}`, SLACK_LIMITS.optionText), options: chunk });
    }
    element.option_groups = groups;
  }
  const initial = options.find((o) => o.value === field.initial);
  if (initial) element.initial_option = initial;
  return element;
}

function option(o: FormOption): types.PlainTextOption {
  return { text: plain(o.label, SLACK_LIMITS.optionText), value: o.value };
}

export interface ReasonViewInput {
  locale: Locale;
  /** The pressed button's text, as the modal's title. */
  title: string;
  label: string;
  placeholder: string;
  privateMetadata: string;
}

/** A one-field modal asking why (Not ours): its submission carries the reason with the button's payload. */
export function reasonView(input: ReasonViewInput): types.ModalView {
  return {
    type: 'modal',
    callback_id: VIEW_ID.reason,
    title: plain(input.title, SLACK_LIMITS.modalTitle),
    submit: plain(slackText('modal.send', input.locale), SLACK_LIMITS.modalTitle),
    close: plain(slackText('modal.cancel', input.locale), SLACK_LIMITS.modalTitle),
    private_metadata: input.privateMetadata.slice(0, SLACK_LIMITS.privateMetadata),
    blocks: [{
      type: 'input',
      block_id: 'reason',
      label: plain(input.label, SLACK_LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: 'reason',
        multiline: true,
        max_length: 2000,
        placeholder: plain(input.placeholder, SLACK_LIMITS.placeholder),
      },
    }],
  };
}
