import { z } from 'zod';
import { isoInstant, type SameType } from '../../platform/http/api-schemas';
import { WEBHOOK_EVENT_TYPES } from './catalog';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './model';

/**
 * The answers of the webhook routes, as the OpenAPI document (and so the generated client)
 * names them. Each model is checked against the module's own type at compile time below.
 */

const DELIVERY_STATUSES = ['pending', 'sending', 'succeeded', 'failed', 'cancelled'] as const;

export const webhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()).describe('The event types it is subscribed to'),
    campaignId: z.string().nullable().describe("Only this campaign's events; null for all the owner may see"),
    status: z.enum(['enabled', 'disabled']),
    disabledReason: z
      .string()
      .nullable()
      .describe("'failing' when the delivery worker disabled it, 'owner' when its owner did"),
    disabledAt: isoInstant().nullable(),
    failingSince: isoInstant().nullable().describe('Since when every attempt has failed; null while healthy'),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .meta({
    id: 'WebhookEndpoint',
    description: 'A URL subscribed to event types (Standard Webhooks signatures)',
    examples: [
      {
        id: 'whk_01J9Z7Q8W4',
        url: 'https://partner.example/carnival/webhooks',
        description: 'Order sync',
        eventTypes: ['order.paid', 'refund.approved'],
        campaignId: null,
        status: 'enabled',
        disabledReason: null,
        disabledAt: null,
        failingSince: null,
        createdAt: '2026-11-01T08:00:00.000Z',
        updatedAt: '2026-11-01T08:00:00.000Z',
      },
    ],
  });

export const webhookDeliverySchema = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string(),
    eventType: z.string(),
    messageId: z.string().describe('The `webhook-id` header: the same on every attempt and replay'),
    kind: z.enum(['event', 'replay', 'ping']),
    replayOf: z.string().nullable().describe('The delivery this one re-sends'),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: isoInstant().nullable().describe('While pending or sending; null once final'),
    lastStatus: z.number().int().nullable().describe('The HTTP status of the last attempt'),
    lastError: z.string().nullable(),
    createdAt: isoInstant(),
    completedAt: isoInstant().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });

export const webhookAttemptSchema = z
  .object({
    attempt: z.number().int(),
    at: isoInstant(),
    requestHeaders: z.record(z.string(), z.string()),
    requestBody: z.string().describe('Truncated to 4 KiB'),
    responseStatus: z.number().int().nullable(),
    responseBody: z.string().nullable().describe('Truncated to 4 KiB'),
    latencyMs: z.number().int(),
    error: z.string().nullable(),
  })
  .meta({ id: 'WebhookAttempt' });

export const webhookEventTypesAnswerSchema = z.object({
  items: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  retry: z.object({
    maxAttempts: z.number().int(),
    delaysSeconds: z.array(z.number()).describe('Before the 2nd, 3rd ... attempt (+-20 % jitter)'),
  }),
});

export const endpointAnswerSchema = z.object({ endpoint: webhookEndpointSchema });
export const endpointsAnswerSchema = z.object({ items: z.array(webhookEndpointSchema) });
export const adminEndpointsAnswerSchema = z.object({
  items: z.array(webhookEndpointSchema.extend({ ownerId: z.string() })),
});
export const createdEndpointAnswerSchema = z.object({
  endpoint: webhookEndpointSchema,
  secret: z.string().describe('The signing secret (whsec_...); also at GET .../secret'),
});
export const secretAnswerSchema = z.object({ secret: z.string() });
export const rotatedSecretAnswerSchema = z.object({
  secret: z.string(),
  previousSecretExpiresAt: isoInstant().describe('Until then the previous secret signs too'),
});
export const deliveryAnswerSchema = z.object({ delivery: webhookDeliverySchema });
export const deliveriesAnswerSchema = z.object({ items: z.array(webhookDeliverySchema) });
export const deliveryWithAttemptsAnswerSchema = z.object({
  delivery: webhookDeliverySchema,
  attempts: z.array(webhookAttemptSchema),
});
export const replayRangeAnswerSchema = z.object({
  queued: z.number().int().describe('Deliveries queued, one per event in the range'),
});

/** Fails to compile when a schema and the module's type drift apart. */
type _WebhookEndpoint = SameType<z.infer<typeof webhookEndpointSchema>, WebhookEndpoint>;
type _WebhookDelivery = SameType<z.infer<typeof webhookDeliverySchema>, WebhookDelivery>;
type _WebhookAttempt = SameType<z.infer<typeof webhookAttemptSchema>, WebhookAttempt>;
