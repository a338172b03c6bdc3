import { api } from '../api/client';
import type { Localized } from '../api/types';
import type { ScreenBody } from './model';

const enc = encodeURIComponent;

/** The server's ScreenSnapshot (GET /api/screen/:campaignId and every SSE `snapshot` event). */
export interface ScreenSnapshotWire {
  campaignId: string;
  seq: number;
  at: string;
  gmv: number;
  orders: number;
  buyers: number;
  refundAmount: number;
  perSecond: { t: number; gmv: number; orders: number }[];
  byCategory: { key: string; gmv: number; orders: number; units: number }[];
  byProvince: { key: string; gmv: number; orders: number; units: number }[];
  topStores: { key: string; name: string; gmv: number; orders: number }[];
  topSkus: { key: string; title: string; units: number; gmv: number }[];
  flashSales: {
    slotId: string;
    title: string;
    stock: number;
    taken: number;
    startsAt: string;
    soldOutAt: string | null;
  }[];
}

/** The wire snapshot in the page's terms (fen fields named as such, per-second in ms). */
export function toScreenBody(s: ScreenSnapshotWire): ScreenBody {
  return {
    campaignId: s.campaignId,
    seq: s.seq,
    asOf: s.at,
    totals: { gmvFen: s.gmv, orders: s.orders, buyers: s.buyers, refundFen: s.refundAmount },
    perSecond: s.perSecond.map((p) => ({ t: p.t * 1000, gmvFen: p.gmv, orders: p.orders })),
    byCategory: s.byCategory.map((c) => ({ code: c.key, gmvFen: c.gmv, orders: c.orders })),
    byProvince: s.byProvince.map((p) => ({ province: p.key, gmvFen: p.gmv, orders: p.orders })),
    topStores: s.topStores.map((x) => ({ storeId: x.key, name: x.name, gmvFen: x.gmv, orders: x.orders })),
    topSkus: s.topSkus.map((x) => ({ skuId: x.key, title: x.title, units: x.units, gmvFen: x.gmv })),
    flashSales: s.flashSales.map((f) => ({
      slotId: f.slotId,
      title: f.title,
      stock: f.stock,
      sold: f.taken,
      startsAt: f.startsAt,
      soldOutAt: f.soldOutAt,
    })),
  };
}

export const screenApi = {
  snapshot: (campaignId: string) =>
    api.get<ScreenSnapshotWire>(`/api/screen/${enc(campaignId)}`).then(toScreenBody),
  streamUrl: (campaignId: string) => `/api/screen/${enc(campaignId)}/stream`,
  categories: () =>
    api.get<{ items: { code: string; name: Localized }[] }>('/api/categories').then((r) => r.items),
};
