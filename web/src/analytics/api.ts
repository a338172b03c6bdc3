/**
 * Merchant analytics (生意参谋) and the post-event report (复盘), through the generated client:
 * the answers are the server's StoreAnalytics and CampaignReport (Schemas), mapped here to the
 * pages' terms (money fields named as fen, conversion as a ratio).
 */
import { call, carnival, type Schemas } from '../api/typed';

type StoreFiguresWire = Schemas['StoreAnalytics']['current'];
type CampaignReportWire = Schemas['CampaignReport'];

export interface HourPoint {
  /** The hour's start, ISO 8601. */
  hour: string;
  gmvFen: number;
  orders: number;
}

export interface StoreFigures {
  campaignId: string;
  visitors: number;
  buyers: number;
  /** 0..1 */
  conversion: number;
  gmvFen: number;
  refundFen: number;
  avgOrderFen: number;
  orders: number;
  topSkus: { skuId: string; title: string; units: number; gmvFen: number }[];
  hourly: HourPoint[];
}

export interface StoreAnalytics extends StoreFigures {
  /** The previous edition of the same series, null when there is none. */
  previous: StoreFigures | null;
}

export interface CampaignReport {
  campaignId: string;
  gmvFen: number;
  orders: number;
  buyers: number;
  newBuyers: number;
  conversion: number;
  refundFen: number;
  topStores: { storeId: string; name: string; gmvFen: number; orders: number }[];
  topCategories: { code: string; gmvFen: number; orders: number }[];
  discountCost: CampaignReportWire['discounts'];
  flashSales: CampaignReportWire['flashSales'];
  hourly: HourPoint[];
}

const hours = (h: StoreFiguresWire['hourly']): HourPoint[] =>
  h.map((x) => ({ hour: x.hour, gmvFen: x.gmv, orders: x.orders }));

const toFigures = (f: StoreFiguresWire): StoreFigures => ({
  campaignId: f.campaignId,
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

const toReport = (r: CampaignReportWire): CampaignReport => ({
  campaignId: r.campaignId,
  gmvFen: r.gmv,
  orders: r.orders,
  buyers: r.buyers,
  newBuyers: r.newBuyers,
  conversion: r.conversionBp / 10_000,
  refundFen: r.refundAmount,
  topStores: r.topStores.map((s) => ({ storeId: s.storeId, name: s.name, gmvFen: s.gmv, orders: s.orders })),
  topCategories: r.topCategories.map((c) => ({ code: c.category, gmvFen: c.gmv, orders: c.orders })),
  discountCost: r.discounts,
  flashSales: r.flashSales,
  hourly: hours(r.hourly),
});

export const analyticsApi = {
  store: (storeId: string, campaignId: string) =>
    call(
      carnival.GET('/api/stores/{id}/analytics', {
        params: { path: { id: storeId }, query: { campaignId } },
      }),
    ).then(
      (r): StoreAnalytics => ({
        ...toFigures(r.current),
        previous: r.previous ? toFigures(r.previous) : null,
      }),
    ),
  report: (campaignId: string) =>
    call(carnival.GET('/api/campaigns/{id}/report', { params: { path: { id: campaignId } } })).then(toReport),
  /** A download link, not a JSON call: the browser saves the CSV itself. */
  reportCsvUrl: (campaignId: string) => `/api/campaigns/${encodeURIComponent(campaignId)}/report.csv`,
  /** A signed-in visitor's page view (visitors and conversion of 生意参谋); counted once a day per visitor. */
  visit: (visit: { campaignId: string; storeId?: string; skuId?: string }) =>
    call(carnival.POST('/api/analytics/visits', { body: visit })),
};

/** 0.1234 → "12.34%". */
export const percent = (r: number) => `${(Math.round(r * 10000) / 100).toFixed(2)}%`;

/** The relative change from `before` to `now` as "+12.3%" / "-4.0%"; null when there is no base. */
export function delta(now: number, before: number | undefined): string | null {
  if (before === undefined || before === 0) return null;
  const d = ((now - before) / before) * 100;
  return `${d >= 0 ? '+' : ''}${d.toFixed(1)}%`;
}

/** The hour label of a point (its ISO start) in the viewer's time zone: "09:00". */
export function hourLabel(h: string): string {
  const d = new Date(h);
  return Number.isNaN(d.getTime()) ? h : `${String(d.getHours()).padStart(2, '0')}:00`;
}
