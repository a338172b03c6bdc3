/**
 * Merchant analytics (生意参谋) and the post-event report (复盘). Shapes follow the screen
 * server's contract; fields the server may leave out are optional and shown as "—".
 */
import { api } from '../api/client';

const enc = encodeURIComponent;

export interface HourPoint {
  hour: string | number;
  gmvFen: number;
  orders: number;
}

export interface StoreFigures {
  visitors: number;
  buyers: number;
  /** 0..1 */
  conversion: number;
  gmvFen: number;
  refundFen: number;
  avgOrderFen: number;
  orders?: number;
  topSkus: { skuId: string; title: string; units: number; gmvFen: number }[];
  hourly: HourPoint[];
}

export interface StoreAnalytics extends StoreFigures {
  previous: (StoreFigures & { campaignId?: string; edition?: number | null }) | null;
}

export interface CampaignReport {
  campaignId: string;
  gmvFen: number;
  orders: number;
  buyers: number;
  newBuyers: number;
  conversion: number;
  refundFen?: number;
  topStores: { storeId: string; name: string; gmvFen: number; orders: number }[];
  topCategories: { code: string; gmvFen: number; orders: number }[];
  discountCost: { merchant: number; platform: number; allowance: number };
  flashSales: { slotId: string; title: string; stock: number; sold: number; soldOutAt: string | null }[];
  hourly: HourPoint[];
}

/** The server's figures (GET /api/stores/:id/analytics): money in fen, conversion in basis points. */
interface StoreFiguresWire {
  campaignId: string;
  visitors: number;
  buyers: number;
  conversionBp: number;
  orders: number;
  gmv: number;
  refundAmount: number;
  averageOrderValue: number;
  topSkus: { skuId: string; title: string; units: number; gmv: number }[];
  hourly: { hour: string; gmv: number; orders: number }[];
}

interface CampaignReportWire {
  campaignId: string;
  gmv: number;
  refundAmount: number;
  orders: number;
  buyers: number;
  newBuyers: number;
  conversionBp: number;
  discounts: { merchant: number; platform: number; allowance: number; total: number };
  topStores: { storeId: string; name: string; gmv: number; orders: number }[];
  topCategories: { category: string; gmv: number; units: number; orders: number }[];
  flashSales: { slotId: string; title: string; stock: number; sold: number; soldOutAt: string | null }[];
  hourly: { hour: string; gmv: number; orders: number }[];
}

const hours = (h: StoreFiguresWire['hourly']): HourPoint[] =>
  h.map((x) => ({ hour: x.hour, gmvFen: x.gmv, orders: x.orders }));

const toFigures = (f: StoreFiguresWire): StoreFigures => ({
  visitors: f.visitors,
  buyers: f.buyers,
  conversion: f.conversionBp / 10_000,
  gmvFen: f.gmv,
  refundFen: f.refundAmount,
  avgOrderFen: f.averageOrderValue,
  orders: f.orders,
  topSkus: f.topSkus.map((s) => ({ skuId: s.skuId, title: s.title, units: s.units, gmvFen: s.gmv })),
  hourly: hours(f.hourly),
});

export const analyticsApi = {
  store: (storeId: string, campaignId: string) =>
    api
      .get<{ current: StoreFiguresWire; previous: StoreFiguresWire | null }>(
        `/api/stores/${enc(storeId)}/analytics?campaignId=${enc(campaignId)}`,
      )
      .then(
        (r): StoreAnalytics => ({
          ...toFigures(r.current),
          previous: r.previous ? { ...toFigures(r.previous), campaignId: r.previous.campaignId } : null,
        }),
      ),
  report: (campaignId: string) =>
    api.get<CampaignReportWire>(`/api/campaigns/${enc(campaignId)}/report`).then(
      (r): CampaignReport => ({
        campaignId: r.campaignId,
        gmvFen: r.gmv,
        orders: r.orders,
        buyers: r.buyers,
        newBuyers: r.newBuyers,
        conversion: r.conversionBp / 10_000,
        refundFen: r.refundAmount,
        topStores: r.topStores.map((s) => ({
          storeId: s.storeId,
          name: s.name,
          gmvFen: s.gmv,
          orders: s.orders,
        })),
        topCategories: r.topCategories.map((c) => ({ code: c.category, gmvFen: c.gmv, orders: c.orders })),
        discountCost: r.discounts,
        flashSales: r.flashSales,
        hourly: hours(r.hourly),
      }),
    ),
  reportCsvUrl: (campaignId: string) => `/api/campaigns/${enc(campaignId)}/report.csv`,
};

/** 0.1234 → "12.34%". */
export const percent = (r: number) => `${(Math.round(r * 10000) / 100).toFixed(2)}%`;

/** The relative change from `before` to `now` as "+12.3%" / "-4.0%"; null when there is no base. */
export function delta(now: number, before: number | undefined): string | null {
  if (before === undefined || before === 0) return null;
  const d = ((now - before) / before) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)}%`;
}

/** The hour label of a point: an ISO time or an hour number (0..23). */
export function hourLabel(h: string | number): string {
  if (typeof h === 'number') return `${String(h).padStart(2, '0')}:00`;
  const d = new Date(h);
  return Number.isNaN(d.getTime()) ? h : `${String(d.getHours()).padStart(2, '0')}:00`;
}
