import { z } from 'zod';
import { PROVENANCE_KINDS } from './tables';

/** Request bodies of the traceability routes (docs/traceability.md). */

/** A serial or lot code as printed on a label: letters, digits, dashes, dots, underscores. */
export const traceCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, 'must be 3-64 letters, digits, dots, dashes or underscores');

export const traceCodeDraftSchema = z.object({
  code: traceCode,
  kind: z.enum(['serial', 'lot']),
  productName: z.string().trim().min(1, 'is required').max(200),
  /** 产地: where it was grown or made, e.g. 云南·普洱. */
  origin: z.string().trim().min(1, 'is required').max(200),
  skuId: z.string().min(1).max(100).optional(),
  /** A serial's lot (a lot code of the same store). */
  lotCode: traceCode.optional(),
});
export type TraceCodeDraft = z.infer<typeof traceCodeDraftSchema>;

export const provenanceDraftSchema = z.object({
  kind: z.enum(PROVENANCE_KINDS),
  place: z.string().trim().min(1, 'is required').max(200),
  occurredAt: z.iso.datetime({ offset: true, message: 'must be ISO 8601 with a time zone offset' }),
  note: z.string().trim().max(1000).default(''),
});
export type ProvenanceDraft = z.input<typeof provenanceDraftSchema>;

export const codeParams = z.object({ code: traceCode });
