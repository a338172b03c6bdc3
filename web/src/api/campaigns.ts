import { api } from './client';
import type {
  Audience,
  Campaign,
  CampaignInput,
  CampaignPage,
  CampaignStatus,
  Kind,
  Transition,
} from './types';

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

const enc = encodeURIComponent;

export const campaignsApi = {
  list: (query: CampaignQuery = {}) => api.get<CampaignPage>('/api/campaigns', { ...query }),
  get: (idOrSlug: string) =>
    api.get<{ campaign: Campaign }>(`/api/campaigns/${enc(idOrSlug)}`).then((r) => r.campaign),
  recordView: (id: string) =>
    api.post<{ viewCount: number; counted: boolean }>(`/api/campaigns/${enc(id)}/views`),
  icalUrl: (id: string) => `/api/campaigns/${enc(id)}/ical`,

  manage: (status?: CampaignStatus) => api.get<CampaignPage>('/api/manage/campaigns', { status }),
  create: (input: CampaignInput) =>
    api.post<{ campaign: Campaign }>('/api/campaigns', input).then((r) => r.campaign),
  update: (id: string, version: number, input: Partial<CampaignInput>) =>
    api
      .patch<{ campaign: Campaign }>(`/api/campaigns/${enc(id)}`, { version, ...input })
      .then((r) => r.campaign),
  transition: (id: string, to: CampaignStatus, reason?: string) =>
    api
      .post<{ campaign: Campaign }>(`/api/campaigns/${enc(id)}/transitions`, reason ? { to, reason } : { to })
      .then((r) => r.campaign),
  transitions: (id: string) =>
    api.get<{ items: Transition[] }>(`/api/campaigns/${enc(id)}/transitions`).then((r) => r.items),
};
