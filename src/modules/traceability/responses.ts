import { z } from 'zod';
import { isoInstant, type SameType } from '../../platform/http/api-schemas';
import type { TraceabilityService } from './service';
import { PROVENANCE_KINDS } from './tables';

/** Response schemas of the traceability routes (docs/traceability.md). */

const hexHash = () => z.string().describe('SHA-256, 64 lowercase hex digits');

export const traceCodeSchema = z
  .object({
    code: z.string(),
    kind: z.enum(['serial', 'lot']),
    storeId: z.string(),
    skuId: z.string().nullable(),
    lotCode: z.string().nullable().describe('A serial’s lot, whose events are part of its trace'),
    productName: z.string(),
    origin: z.string().describe('产地: where it was grown or made'),
    createdAt: isoInstant(),
  })
  .meta({ id: 'TraceCode', description: 'An item serial or a lot a store traces (溯源)' });

export const traceCodeListSchema = z
  .object({
    items: z.array(
      traceCodeSchema.extend({
        eventCount: z.number().int().describe('The code’s own events (not its lot’s)'),
        lastEventAt: isoInstant().nullable().describe('When its latest own event happened'),
      }),
    ),
  })
  .meta({ id: 'TraceCodeList', description: 'A store’s serials and lots, newest first' });

export const provenanceEventSchema = z
  .object({
    id: z.string(),
    code: z.string().describe('The serial or lot the event is about'),
    kind: z.enum(PROVENANCE_KINDS),
    place: z.string(),
    occurredAt: isoInstant(),
    by: z.string().describe('The store (or partner) that appended it'),
    note: z.string(),
    logIndex: z.number().int().describe('Its entry in the `provenance` transparency log'),
    leafHash: hexHash(),
  })
  .meta({ id: 'ProvenanceEvent', description: 'One provenance event, an entry of the provenance log' });

export const traceSchema = z
  .object({
    traceCode: traceCodeSchema,
    store: z.object({ id: z.string(), name: z.string() }),
    lot: traceCodeSchema.nullable(),
    events: z.array(provenanceEventSchema).describe('The code’s and its lot’s events, oldest first'),
  })
  .meta({ id: 'Trace', description: 'The public trace of a serial or lot' });

const eventCheckSchema = z.object({
  eventId: z.string(),
  logIndex: z.number().int(),
  ok: z.boolean(),
  problem: z
    .enum(['entry_missing', 'event_changed', 'record_changed', 'leaf_changed', 'not_signed'])
    .nullable()
    .describe('The first check that failed (docs/traceability.md), null when the event verifies'),
  fields: z.array(z.string()).describe('The record fields that no longer match (event_changed)'),
  detail: z.string(),
});

export const traceVerificationSchema = z
  .object({
    code: z.string(),
    ok: z.boolean(),
    checkedAt: isoInstant(),
    checkpoint: z.object({ size: z.number().int(), rootHash: hexHash() }).nullable(),
    events: z.array(eventCheckSchema),
    mismatch: eventCheckSchema.nullable().describe('The first entry (log order) that no longer matches'),
  })
  .meta({ id: 'TraceVerification', description: 'Each event checked against its signed log entry' });

type Of<K extends keyof TraceabilityService> = Awaited<ReturnType<TraceabilityService[K]>>;
type _Code = SameType<z.infer<typeof traceCodeSchema>, Of<'createCode'>>;
type _List = SameType<z.infer<typeof traceCodeListSchema>, Of<'listCodes'>>;
type _Event = SameType<z.infer<typeof provenanceEventSchema>, Of<'appendEvent'>>;
type _Trace = SameType<z.infer<typeof traceSchema>, Of<'trace'>>;
type _Verification = SameType<z.infer<typeof traceVerificationSchema>, Of<'verify'>>;
