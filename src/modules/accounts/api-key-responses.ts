import { z } from 'zod';
import { SCOPE_NAMES, type Scope } from '../../platform/auth';
import { isoInstant, type SameType } from '../../platform/http/api-schemas';
import type { KeyUsageDay } from './api-key-usage';
import type { ApiKeyInfo } from './model';

/**
 * The answers of the API-key routes (issue 13 item 2), as the OpenAPI document (and so the
 * generated client) names them. Kept apart from the other account answers: the key routes are
 * the developer portal's. Each model is checked against the module's own type below.
 */

export const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z
      .string()
      .describe('The first characters of the key, to tell keys apart; the key itself is shown once'),
    createdAt: isoInstant(),
    lastUsedAt: isoInstant().nullable().describe('To the minute'),
    revokedAt: isoInstant().nullable(),
    scopes: z.array(z.enum(SCOPE_NAMES as [Scope, ...Scope[]])),
    storeIds: z.array(z.string()).nullable().describe('Null: every store the owner may touch'),
    campaignIds: z.array(z.string()).nullable().describe('Null: every campaign the owner may touch'),
    ratePerMinute: z.number().int().nullable().describe('Null: the server default'),
  })
  .meta({
    id: 'ApiKey',
    description: 'An API key as its owner sees it (never the key itself)',
    examples: [
      {
        id: 'key_01J9Z7Q8W4',
        name: 'ERP sync',
        prefix: 'ck_live_3fQ',
        createdAt: '2026-11-01T08:00:00.000Z',
        lastUsedAt: '2026-11-03T09:12:00.000Z',
        revokedAt: null,
        scopes: ['orders:read', 'webhooks:write'],
        storeIds: null,
        campaignIds: ['double-11-2026'],
        ratePerMinute: null,
      },
    ],
  });

export const apiKeysAnswerSchema = z.object({ items: z.array(apiKeySchema) });
export const createdApiKeyAnswerSchema = z.object({
  key: z.string().describe('The key (ck_live_...): shown this once, the server keeps only its hash'),
  info: apiKeySchema,
});

export const apiKeyUsageDaySchema = z
  .object({
    date: z.string().describe('The UTC day, YYYY-MM-DD'),
    requests: z.number().int(),
    clientErrors: z.number().int().describe('4xx answers'),
    serverErrors: z.number().int().describe('5xx answers'),
    routes: z.array(
      z.object({ route: z.string().describe('e.g. GET /api/orders/:id'), requests: z.number() }),
    ),
  })
  .meta({ id: 'ApiKeyUsageDay' });

export const apiKeyUsageSchema = z
  .object({
    keyId: z.string(),
    lastUsedAt: isoInstant().nullable(),
    ratePerMinute: z.number().int().describe('The rate the key is held to (its own, or the default)'),
    totals: z.object({
      requests: z.number().int(),
      clientErrors: z.number().int(),
      serverErrors: z.number().int(),
    }),
    days: z.array(apiKeyUsageDaySchema).describe('The last 7 UTC days, today first'),
  })
  .meta({ id: 'ApiKeyUsage' });

/** Fails to compile when a schema and the module's type drift apart. */
type _ApiKeyInfo = SameType<z.infer<typeof apiKeySchema>, ApiKeyInfo>;
type _KeyUsageDay = SameType<z.infer<typeof apiKeyUsageDaySchema>, KeyUsageDay>;
