import type { paths } from '../../../client/index.js';
import { call, carnival, idempotent, type Schemas } from './typed';

/**
 * The developer portal's calls (server: src/modules/accounts key routes, src/modules/webhooks),
 * through the generated client: the types are the server's own (client/schema.d.ts).
 */

type JsonBody<P extends keyof paths> = paths[P] extends { post: { requestBody?: infer B } }
  ? NonNullable<B> extends { content: { 'application/json': infer J } }
    ? J
    : never
  : never;

export type ApiKeyInfo = Schemas['ApiKey'];
export type ApiScope = ApiKeyInfo['scopes'][number];
/** `currentPassword` is sent when the server asked for re-authentication (REAUTH_REQUIRED). */
export type NewApiKey = JsonBody<'/api/auth/api-keys'>;
export type KeyUsage = Schemas['ApiKeyUsage'];
export type KeyUsageDay = Schemas['ApiKeyUsageDay'];

/** Every scope a key may carry, in the order the portal lists them (descriptions: i18n/portal.*.ts). */
export const API_SCOPES = [
  'campaigns:read',
  'campaigns:write',
  'stores:read',
  'stores:write',
  'catalog:read',
  'catalog:write',
  'enrollment:read',
  'enrollment:write',
  'promotions:read',
  'promotions:write',
  'orders:read',
  'orders:write',
  'refunds:read',
  'refunds:write',
  'ledger:read',
  'ledger:write',
  'audit:read',
  'users:read',
  'flash-sales:read',
  'flash-sales:write',
  'webhooks:read',
  'webhooks:write',
  'analytics:read',
  'charity:read',
  'charity:write',
  'trace:read',
  'trace:write',
  'tickets:read',
  'tickets:write',
  'checkin:read',
  'checkin:write',
  'programme:read',
  'programme:write',
  'cfp:read',
  'cfp:write',
] as const satisfies readonly ApiScope[];

const key = (id: string) => ({ params: { path: { id } } });

export const apiKeysApi = {
  list: async () => (await call(carnival.GET('/api/auth/api-keys'))).items,
  /** The answer holds the key itself once; the server keeps only its hash. */
  create: (input: NewApiKey) => call(carnival.POST('/api/auth/api-keys', { body: input })),
  revoke: async (id: string): Promise<void> => {
    await call(carnival.DELETE('/api/auth/api-keys/{id}', key(id)));
  },
  usage: (id: string) => call(carnival.GET('/api/keys/{id}/usage', key(id))),
};

export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type EndpointStatus = WebhookEndpoint['status'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type DeliveryStatus = WebhookDelivery['status'];
export type WebhookAttempt = Schemas['WebhookAttempt'];
export type EndpointDraft = JsonBody<'/api/webhooks/endpoints'>;
export type WebhookEventType = EndpointDraft['eventTypes'][number];

const endpoint = key;

export const webhooksApi = {
  eventTypes: () => call(carnival.GET('/api/webhooks/event-types')),
  list: async () => (await call(carnival.GET('/api/webhooks/endpoints'))).items,
  /** The answer carries the signing secret. */
  create: (draft: EndpointDraft, idempotencyKey: string) =>
    call(carnival.POST('/api/webhooks/endpoints', { body: draft, headers: idempotent(idempotencyKey) })),
  get: async (id: string) =>
    (await call(carnival.GET('/api/webhooks/endpoints/{id}', endpoint(id)))).endpoint,
  remove: async (id: string): Promise<void> => {
    await call(carnival.DELETE('/api/webhooks/endpoints/{id}', endpoint(id)));
  },
  setEnabled: (id: string, enabled: boolean) =>
    call(
      enabled
        ? carnival.POST('/api/webhooks/endpoints/{id}/enable', endpoint(id))
        : carnival.POST('/api/webhooks/endpoints/{id}/disable', endpoint(id)),
    ),
  secret: (id: string) => call(carnival.GET('/api/webhooks/endpoints/{id}/secret', endpoint(id))),
  rotateSecret: (id: string, overlapSeconds: number) =>
    call(
      carnival.POST('/api/webhooks/endpoints/{id}/rotate-secret', {
        ...endpoint(id),
        body: { overlapSeconds },
      }),
    ),
  ping: (id: string) => call(carnival.POST('/api/webhooks/endpoints/{id}/test', endpoint(id))),
  deliveries: async (id: string, query: { status?: DeliveryStatus; limit?: number } = {}) =>
    (await call(carnival.GET('/api/webhooks/endpoints/{id}/deliveries', { params: { path: { id }, query } })))
      .items,
  delivery: (id: string) => call(carnival.GET('/api/webhooks/deliveries/{id}', key(id))),
  replay: (deliveryId: string, idempotencyKey: string) =>
    call(
      carnival.POST('/api/webhooks/deliveries/{id}/replay', {
        ...key(deliveryId),
        headers: idempotent(idempotencyKey),
      }),
    ),
  replayRange: (
    id: string,
    range: { from: string; to: string; status: 'all' | 'failed' },
    idempotencyKey: string,
  ) =>
    call(
      carnival.POST('/api/webhooks/endpoints/{id}/replay', {
        ...endpoint(id),
        body: range,
        headers: idempotent(idempotencyKey),
      }),
    ),
};
