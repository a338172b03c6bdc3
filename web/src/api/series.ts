import { api } from './client';
import type { Campaign, Series } from './types';

const enc = encodeURIComponent;

export const seriesApi = {
  list: () => api.get<{ items: Series[] }>('/api/series').then((r) => r.items),
  spawn: (id: string) =>
    api.post<{ campaign: Campaign }>(`/api/series/${enc(id)}/spawn`).then((r) => r.campaign),
  icalUrl: (id: string) => `/api/series/${enc(id)}/ical`,
};
