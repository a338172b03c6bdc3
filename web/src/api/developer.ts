import { api, request } from './client';

/**
 * The developer portal's calls (server: src/modules/accounts key routes, src/modules/webhooks).
 * Hand-written until the generated client (issue 13 item 3) replaces them.
 */

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
  'charity:read',
  'charity:write',
] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  scopes: ApiScope[];
  /** Null: every store (campaign) the owner may touch. */
  storeIds: string[] | null;
  campaignIds: string[] | null;
  /** Null: the server's default rate. */
  ratePerMinute: number | null;
}

export interface NewApiKey {
  name: string;
  scopes: ApiScope[];
  storeIds?: string[] | null;
  campaignIds?: string[] | null;
  ratePerMinute?: number | null;
  /** Sent when the server asked for re-authentication (REAUTH_REQUIRED). */
  currentPassword?: string;
}

export interface KeyUsageDay {
  date: string;
  requests: number;
  clientErrors: number;
  serverErrors: number;
  routes: { route: string; requests: number }[];
}

export interface KeyUsage {
  keyId: string;
  lastUsedAt: string | null;
  ratePerMinute: number;
  totals: { requests: number; clientErrors: number; serverErrors: number };
  days: KeyUsageDay[];
}

export const apiKeysApi = {
  list: () => api.get<{ items: ApiKeyInfo[] }>('/api/auth/api-keys').then((r) => r.items),
  /** The answer holds the key itself once; the server keeps only its hash. */
  create: (input: NewApiKey) => api.post<{ key: string; info: ApiKeyInfo }>('/api/auth/api-keys', input),
  revoke: (id: string) => api.delete<void>(`/api/auth/api-keys/${encodeURIComponent(id)}`),
  usage: (id: string) => api.get<KeyUsage>(`/api/keys/${encodeURIComponent(id)}/usage`),
};

export type EndpointStatus = 'enabled' | 'disabled';
export type DeliveryStatus = 'pending' | 'sending' | 'succeeded' | 'failed' | 'cancelled';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  campaignId: string | null;
  status: EndpointStatus;
  /** 'failing' (the delivery worker gave up) or 'owner'. */
  disabledReason: string | null;
  disabledAt: string | null;
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  messageId: string;
  kind: 'event' | 'replay' | 'ping';
  replayOf: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface WebhookAttempt {
  attempt: number;
  at: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  responseBody: string | null;
  latencyMs: number;
  error: string | null;
}

export interface EndpointDraft {
  url: string;
  eventTypes: string[];
  description?: string;
  campaignId?: string;
}

const ep = (id: string) => `/api/webhooks/endpoints/${encodeURIComponent(id)}`;

export const webhooksApi = {
  eventTypes: () =>
    api.get<{ items: string[]; retry: { maxAttempts: number; delaysSeconds: number[] } }>(
      '/api/webhooks/event-types',
    ),
  list: () => api.get<{ items: WebhookEndpoint[] }>('/api/webhooks/endpoints').then((r) => r.items),
  /** The answer carries the signing secret. */
  create: (draft: EndpointDraft, idempotencyKey: string) =>
    api.postIdempotent<{ endpoint: WebhookEndpoint; secret: string }>(
      '/api/webhooks/endpoints',
      idempotencyKey,
      draft,
    ),
  get: (id: string) => api.get<{ endpoint: WebhookEndpoint }>(ep(id)).then((r) => r.endpoint),
  remove: (id: string) => api.delete<void>(ep(id)),
  setEnabled: (id: string, enabled: boolean) =>
    api.post<{ endpoint: WebhookEndpoint }>(`${ep(id)}/${enabled ? 'enable' : 'disable'}`),
  secret: (id: string) => api.get<{ secret: string }>(`${ep(id)}/secret`),
  rotateSecret: (id: string, overlapSeconds: number) =>
    api.post<{ secret: string; previousSecretExpiresAt: string }>(`${ep(id)}/rotate-secret`, {
      overlapSeconds,
    }),
  ping: (id: string) => api.post<{ delivery: WebhookDelivery }>(`${ep(id)}/test`),
  deliveries: (id: string, query: { status?: DeliveryStatus; limit?: number } = {}) =>
    api.get<{ items: WebhookDelivery[] }>(`${ep(id)}/deliveries`, query).then((r) => r.items),
  delivery: (id: string) =>
    api.get<{ delivery: WebhookDelivery; attempts: WebhookAttempt[] }>(
      `/api/webhooks/deliveries/${encodeURIComponent(id)}`,
    ),
  replay: (deliveryId: string, idempotencyKey: string) =>
    request<unknown>(
      'POST',
      `/api/webhooks/deliveries/${encodeURIComponent(deliveryId)}/replay`,
      {},
      {
        'Idempotency-Key': idempotencyKey,
      },
    ),
  replayRange: (
    id: string,
    range: { from: string; to: string; status: 'all' | 'failed' },
    idempotencyKey: string,
  ) => api.postIdempotent<{ queued: number }>(`${ep(id)}/replay`, idempotencyKey, range),
};
