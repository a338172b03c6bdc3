import { call, carnival, type Schemas } from '../api/typed';
import type { ScreenBody } from './model';

/**
 * The server's ScreenSnapshot (GET /api/screen/:campaignId and the data of every SSE `snapshot`
 * event), as the generated client types it: the stream is not a JSON call, so EventSource reads
 * it, but its frames are this very model.
 */
export type ScreenSnapshot = Schemas['ScreenSnapshot'];

/** The wire snapshot in the page's terms (fen fields named as such, per-second in ms). */
export function toScreenBody(s: ScreenSnapshot): ScreenBody {
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

const screen = (campaignId: string) => ({ params: { path: { campaignId } } });

export const screenApi = {
  snapshot: (campaignId: string) =>
    call(carnival.GET('/api/screen/{campaignId}', screen(campaignId))).then(toScreenBody),
  streamUrl: (campaignId: string) => `/api/screen/${encodeURIComponent(campaignId)}/stream`,
  categories: () => call(carnival.GET('/api/categories')).then((r) => r.items),
};
