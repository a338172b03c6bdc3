import { call, carnival } from './typed';

export const seriesApi = {
  list: () => call(carnival.GET('/api/series')).then((r) => r.items),
  spawn: (id: string) =>
    call(carnival.POST('/api/series/{id}/spawn', { params: { path: { id } } })).then((r) => r.campaign),
  icalUrl: (id: string) => `/api/series/${encodeURIComponent(id)}/ical`,
};
