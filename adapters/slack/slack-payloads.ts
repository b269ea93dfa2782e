import { z } from 'zod';

/**
 * The parts of Slack's payloads Samband reads, checked at the edge. Bolt has verified the signature and parsed the
 * body; these schemas make sure the fields we use are there and have the right shape before anything reaches the
 * core. Unknown fields are ignored (Slack adds fields over time).
 */

const id = z.string().min(1).max(200);
/** Slack sends some ids empty ("enterprise_id": "") outside Enterprise Grid. */
const optionalId = z.string().max(200).nullable().optional().transform((v) => v || undefined);
/**
 * Text as typed. No length limit here: Bolt bounds the body (4 MB), and the core answers an over-long text with its
 * own message ("too long, at most ..."). A limit here made Slack text over 40 000 characters fail validation, which
 * only logs, so the person got no answer at all.
 */
const typedText = z.string().default('');
const flag = z.union([z.boolean(), z.string()]).optional().transform((v) => v === true || v === 'true');

export const slashCommandSchema = z.object({
  team_id: id,
  user_id: id,
  command: z.string().min(2).max(64),
  text: typedText,
  trigger_id: id,
  response_url: z.url().optional(),
  channel_id: optionalId,
  enterprise_id: optionalId,
  is_enterprise_install: flag,
});
export type SlashCommandPayload = z.infer<typeof slashCommandSchema>;

const userSchema = z.object({ id, team_id: optionalId });
const teamSchema = z.object({ id, enterprise_id: optionalId }).nullable().optional();

export const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: userSchema,
  team: teamSchema,
  enterprise: z.object({ id: optionalId }).nullable().optional(),
  is_enterprise_install: flag,
  trigger_id: id,
  response_url: z.url().optional(),
  channel: z.object({ id }).nullable().optional(),
  container: z.object({ type: z.string(), message_ts: z.string().optional(), channel_id: optionalId, thread_ts: z.string().optional() }).optional(),
  actions: z.array(z.object({
    action_id: z.string().max(255),
    value: z.string().max(2000).optional(),
    text: z.object({ text: z.string() }).optional(),
  })).min(1),
});
export type BlockActionsPayload = z.infer<typeof blockActionsSchema>;

const inputValueSchema = z.object({
  type: z.string(),
  value: z.string().nullable().optional(),
  selected_option: z.object({ value: z.string() }).nullable().optional(),
});

export const viewSubmissionSchema = z.object({
  type: z.literal('view_submission'),
  user: userSchema,
  team: teamSchema,
  enterprise: z.object({ id: optionalId }).nullable().optional(),
  is_enterprise_install: flag,
  trigger_id: id.optional(),
  view: z.object({
    id,
    callback_id: z.string(),
    private_metadata: z.string().max(3000).default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), inputValueSchema)) }),
  }),
});
export type ViewSubmissionPayload = z.infer<typeof viewSubmissionSchema>;

export const shortcutSchema = z.object({
  type: z.literal('shortcut'),
  user: userSchema,
  team: teamSchema,
  trigger_id: id,
  callback_id: z.string(),
});
export type ShortcutPayload = z.infer<typeof shortcutSchema>;

export const messageEventSchema = z.object({
  event_id: optionalId,
  team_id: optionalId,
  enterprise_id: optionalId,
  event: z.object({
    type: z.enum(['app_mention', 'message']),
    user: id,
    text: typedText,
    channel: id,
    channel_type: z.string().optional(),
    ts: z.string(),
    thread_ts: z.string().optional(),
    team: optionalId,
    user_team: optionalId,
    bot_id: z.string().optional(),
    subtype: z.string().optional(),
  }),
});
export type MessageEventPayload = z.infer<typeof messageEventSchema>;

/** channel_shared / channel_unshared: a channel became (or stopped being) a Slack Connect channel. */
export const channelSharingEventSchema = z.object({
  team_id: id,
  event: z.object({
    type: z.enum(['channel_shared', 'channel_unshared']),
    channel: id,
  }),
});

/** What a modal remembers between opening and submission (in `private_metadata`). */
export const viewMetadataSchema = z.object({
  /** response_url of the command or message the modal came from: the reply goes back there. */
  r: z.url().optional(),
  /** Channel the modal came from (fallback for replies). */
  c: z.string().max(200).optional(),
  l: z.enum(['sv', 'en']).optional(),
  /** The pressed button's ActionPayload (reason modal). */
  p: z.unknown().optional(),
});
export type ViewMetadata = z.infer<typeof viewMetadataSchema>;

/** Reads a modal's private_metadata; an unreadable one yields `{}` (the reply then goes to the person's DM). */
export function readViewMetadata(text: string): ViewMetadata {
  try {
    const parsed = viewMetadataSchema.safeParse(JSON.parse(text || '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** The submitted value of each input (select or text), by block id. */
export function formValues(values: ViewSubmissionPayload['view']['state']['values']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const input = Object.values(actions)[0];
    if (!input) continue;
    out[blockId] = input.selected_option?.value ?? input.value ?? undefined;
  }
  return out;
}
