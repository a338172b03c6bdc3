import type { paths } from '../../../client/index.js';
import { call, carnival } from './typed';
import type { Audience, CampaignStatus, Kind } from './types';

export interface CampaignQuery {
  kind?: readonly Kind[];
  audience?: readonly Audience[];
  q?: string;
  from?: string;
  to?: string;
  status?: CampaignStatus;
  limit?: number;
  offset?: number;
}

/** What the console sends to create an event (the POST body, from the generated client). */
export type CampaignInput = paths['/api/campaigns']['post']['requestBody']['content']['application/json'];
type CampaignPatch = paths['/api/campaigns/{id}']['patch']['requestBody']['content']['application/json'];

/** The query without empty filters (an empty search box is no filter), arrays as the server reads them. */
const listQuery = ({ kind, audience, q, ...rest }: CampaignQuery) => ({
  ...rest,
  ...(kind?.length ? { kind: [...kind] } : {}),
  ...(audience?.length ? { audience: [...audience] } : {}),
  ...(q ? { q } : {}),
});

const byId = (id: string) => ({ params: { path: { id } } });

export const campaignsApi = {
  list: (query: CampaignQuery = {}) =>
    call(carnival.GET('/api/campaigns', { params: { query: listQuery(query) } })),
  get: (idOrSlug: string) =>
    call(carnival.GET('/api/campaigns/{id}', byId(idOrSlug))).then((r) => r.campaign),
  recordView: (id: string) => call(carnival.POST('/api/campaigns/{id}/views', byId(id))),
  icalUrl: (id: string) => `/api/campaigns/${encodeURIComponent(id)}/ical`,

  manage: (status?: CampaignStatus) =>
    call(carnival.GET('/api/manage/campaigns', { params: { query: status ? { status } : {} } })),
  create: (input: CampaignInput) =>
    call(carnival.POST('/api/campaigns', { body: input })).then((r) => r.campaign),
  update: (id: string, version: number, input: Partial<CampaignInput>) =>
    call(
      carnival.PATCH('/api/campaigns/{id}', { ...byId(id), body: { version, ...input } as CampaignPatch }),
    ).then((r) => r.campaign),
  transition: (id: string, to: CampaignStatus, reason?: string) =>
    call(
      carnival.POST('/api/campaigns/{id}/transitions', {
        ...byId(id),
        body: reason ? { to, reason } : { to },
      }),
    ).then((r) => r.campaign),
  transitions: (id: string) =>
    call(carnival.GET('/api/campaigns/{id}/transitions', byId(id))).then((r) => r.items),
};
