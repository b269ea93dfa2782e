import { z } from 'zod';

/**
 * Shapes of what browsers send, checked at the edge. Only size and type are checked here: what the values mean
 * (areas, severities, button payloads) is the core's to judge, with its own messages.
 */
const personaId = z.string().trim().min(1).max(80);
const lang = z.enum(['sv', 'en']).optional().catch(undefined);
const requestKey = z.string().regex(/^[A-Za-z0-9-]{8,64}$/).optional().catch(undefined);

export const pageQuerySchema = z.object({
  as: personaId.optional().catch(undefined),
  lang,
  channel: z.string().max(160).optional().catch(undefined),
  incident: z.string().max(40).optional().catch(undefined),
  view: z.enum(['console', 'supervisor']).optional().catch(undefined),
});

export const commandBodySchema = z.object({
  as: personaId,
  lang,
  text: z.string().max(10_000),
  requestKey,
  channel: z.string().max(160).optional(),
});

export const actionBodySchema = z.object({
  as: personaId,
  lang,
  payload: z.string().min(1).max(2_000),
  reason: z.string().max(10_000).optional(),
  channel: z.string().max(160).optional(),
});

const formValue = z.string().max(20_000).optional();

export const formBodySchema = z.object({
  as: personaId,
  lang,
  requestKey,
  channel: z.string().max(160).optional(),
  area: formValue,
  category: formValue,
  severity: formValue,
  description: formValue,
  sensitiveDetails: formValue,
});

export type PageQuery = z.infer<typeof pageQuerySchema>;
