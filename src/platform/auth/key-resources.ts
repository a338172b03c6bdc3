import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '../errors';
import type { Actor } from './actor';
import type { ApiKeyGrant } from './scopes';

/**
 * A key limited to some stores or campaigns (api_keys.store_ids / campaign_ids) sees the others
 * as a stranger does: 404 NOT_FOUND, the answer merchants.access gives a merchant who is not a
 * member, so a key learns neither that the object exists nor who owns it. Enforced in three
 * places, each covering what the others cannot see:
 *
 * 1. here, before the handler: a store or campaign named in the path (`/api/stores/:id/...`,
 *    `/api/campaigns/:id/...`, `/api/admin/campaigns/:id/...`) or as `storeId` / `campaignId` in
 *    the query or body;
 * 2. merchants.access, the one store access rule, for objects that belong to a store (products,
 *    SKUs, nominations, refunds, sub-orders);
 * 3. merchants.storeIdsOf, which lists "my stores" for merchant listings, filtered by the key in
 *    the request context (keyStoreFilter).
 */
const STORE_PATH = /^\/api\/stores\/:id(\/|$)/;
const CAMPAIGN_PATH = /^\/api\/(admin\/)?campaigns\/:id(\/|$)/;

const allows = (limit: readonly string[] | null | undefined, id: string) => !limit || limit.includes(id);

export const keyAllowsStore = (actor: Pick<Actor, 'apiKey'>, storeId: string) =>
  allows(actor.apiKey?.storeIds, storeId);

/** The stores of `ids` a key may touch (all of them for sessions and unlimited keys). */
export function keyStoreFilter(grant: ApiKeyGrant | null | undefined, ids: string[]): string[] {
  const limit = grant?.storeIds;
  return limit ? ids.filter((id) => limit.includes(id)) : ids;
}

function fieldOf(source: unknown, name: string): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

export function assertKeyResources(request: FastifyRequest): void {
  const grant = request.actor?.via === 'api_key' ? request.actor.apiKey : undefined;
  if (!grant || (!grant.storeIds && !grant.campaignIds)) return;
  const route = request.routeOptions.url ?? '';
  const pathId = fieldOf(request.params, 'id');
  const stores = [fieldOf(request.query, 'storeId'), fieldOf(request.body, 'storeId')];
  const campaigns = [fieldOf(request.query, 'campaignId'), fieldOf(request.body, 'campaignId')];
  if (pathId && STORE_PATH.test(route)) stores.push(pathId);
  if (pathId && CAMPAIGN_PATH.test(route)) campaigns.push(pathId);
  for (const id of stores) if (id && !allows(grant.storeIds, id)) throw notFound('Store', id);
  for (const id of campaigns) if (id && !allows(grant.campaignIds, id)) throw notFound('Campaign', id);
}

/** After validation (the body is parsed), before any handler. */
export function installKeyResourceLimits(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => assertKeyResources(request));
}
