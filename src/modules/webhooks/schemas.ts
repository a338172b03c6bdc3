import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from './catalog';
import { MAX_ROTATION_OVERLAP_MS } from './model';

const url = z.string().trim().min(1).max(2000);
const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1, 'subscribe to at least one event type')
  .max(WEBHOOK_EVENT_TYPES.length)
  .transform((types) => [...new Set(types)]);

export const endpointDraftSchema = z.object({
  url,
  description: z.string().trim().max(200).optional(),
  eventTypes,
  /** Only this campaign's events; absent for all the owner may see. */
  campaignId: z.string().min(1).max(100).optional(),
});
export type EndpointDraft = z.infer<typeof endpointDraftSchema>;

export const endpointPatchSchema = z
  .object({
    url: url.optional(),
    description: z.string().trim().max(200).optional(),
    eventTypes: eventTypes.optional(),
    campaignId: z.string().min(1).max(100).nullable().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change' });
export type EndpointPatch = z.infer<typeof endpointPatchSchema>;

export const rotateSchema = z.object({
  /** How long the current secret keeps signing beside the new one; 0 stops it at once. */
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(MAX_ROTATION_OVERLAP_MS / 1000)
    .optional(),
});

export const replayRangeSchema = z.object({
  from: z.string().datetime({ offset: true }),
  to: z.string().datetime({ offset: true }),
  /** 'failed': only events whose delivery failed or was cancelled; default all. */
  status: z.enum(['all', 'failed']).default('all'),
});
export type ReplayRange = z.infer<typeof replayRangeSchema>;

export const deliveriesQuerySchema = z.object({
  status: z.enum(['pending', 'sending', 'succeeded', 'failed', 'cancelled']).optional(),
  eventType: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** A delivery id: the page older than it (ids sort by time). */
  before: z.string().max(100).optional(),
});
