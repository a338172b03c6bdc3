/**
 * The big screen's data: the body of GET /api/screen/campaigns/:id and of every SSE `snapshot` /
 * `update` event, and the pure helpers the page uses on it (kept here so they are unit-tested
 * without a browser).
 */
export interface ScreenBody {
  campaignId: string;
  seq: number;
  asOf: string;
  totals: { gmvFen: number; orders: number; buyers: number; refundFen: number };
  perSecond: { t: string | number; gmvFen: number; orders: number }[];
  byCategory: { code: string; gmvFen: number; orders: number }[];
  byProvince: { province: string; gmvFen: number; orders: number }[];
  topStores: { storeId: string; name: string; gmvFen: number; orders: number }[];
  topSkus: { skuId: string; title: string; units: number; gmvFen: number }[];
  flashSales: {
    slotId: string;
    title: string;
    stock: number;
    sold: number;
    startsAt: string;
    soldOutAt: string | null;
  }[];
}

/** The orders-per-second line covers the last five minutes: 300 points at most, whatever runs for hours. */
export const WINDOW_SECONDS = 300;
/** Rankings never show more than this, whatever the server sends. */
export const MAX_ROWS = 10;

const epochOf = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

/**
 * The last `WINDOW_SECONDS` seconds ending at `endMs`, one point per second, 0 where the server
 * sent nothing (a quiet second is a real zero, not a gap). Always exactly WINDOW_SECONDS points:
 * the chart's arrays never grow.
 */
export function perSecondWindow(
  points: ScreenBody['perSecond'],
  endMs: number,
): { t: number; orders: number; gmvFen: number }[] {
  const end = Math.floor(endMs / 1000);
  const start = end - WINDOW_SECONDS + 1;
  const orders = new Array<number>(WINDOW_SECONDS).fill(0);
  const gmv = new Array<number>(WINDOW_SECONDS).fill(0);
  for (const p of points) {
    const s = Math.floor(epochOf(p.t) / 1000);
    if (s < start || s > end) continue;
    const i = s - start;
    orders[i] = (orders[i] ?? 0) + p.orders;
    gmv[i] = (gmv[i] ?? 0) + p.gmvFen;
  }
  return orders.map((o, i) => ({ t: (start + i) * 1000, orders: o, gmvFen: gmv[i]! }));
}

/** Fen to "¥1,234,567.89"; integer arithmetic, thousands separators. */
export function money(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  return `${sign}¥${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen to a short yuan figure for chart axes and labels: "¥12.3万" (zh) or "¥123.4K" (en). */
export function moneyShort(fen: number, locale: 'zh-CN' | 'en-US'): string {
  const yuan = fen / 100;
  if (locale === 'zh-CN') {
    if (Math.abs(yuan) >= 1e8) return `¥${(yuan / 1e8).toFixed(2)}亿`;
    if (Math.abs(yuan) >= 1e4) return `¥${(yuan / 1e4).toFixed(1)}万`;
    return `¥${yuan.toFixed(0)}`;
  }
  if (Math.abs(yuan) >= 1e9) return `¥${(yuan / 1e9).toFixed(2)}B`;
  if (Math.abs(yuan) >= 1e6) return `¥${(yuan / 1e6).toFixed(2)}M`;
  if (Math.abs(yuan) >= 1e3) return `¥${(yuan / 1e3).toFixed(1)}K`;
  return `¥${yuan.toFixed(0)}`;
}

/**
 * The scale and offsets that fit a `w`x`h` design into a window, preserving its aspect ratio
 * (letterboxed: bars left/right or top/bottom, never stretched, never cropped).
 */
export function fitDesign(
  windowW: number,
  windowH: number,
  w = 1920,
  h = 1080,
): { scale: number; left: number; top: number } {
  const scale = Math.min(windowW / w, windowH / h);
  return { scale, left: (windowW - w * scale) / 2, top: (windowH - h * scale) / 2 };
}

export interface PhaseLike {
  key: string;
  name: Record<string, string>;
  startsAt: string;
  endsAt: string;
}

/**
 * What the countdown counts to at server time `nowMs`: the next phase's start, or the event's end
 * when no phase is still ahead, or nothing once the event is over.
 */
export function nextMilestone(
  phases: readonly PhaseLike[],
  endsAt: string,
  nowMs: number,
): { kind: 'phase'; phase: PhaseLike; atMs: number } | { kind: 'end'; atMs: number } | { kind: 'over' } {
  const ahead = phases
    .map((p) => ({ phase: p, atMs: Date.parse(p.startsAt) }))
    .filter((p) => p.atMs > nowMs)
    .sort((a, b) => a.atMs - b.atMs);
  if (ahead[0]) return { kind: 'phase', ...ahead[0] };
  const end = Date.parse(endsAt);
  return end > nowMs ? { kind: 'end', atMs: end } : { kind: 'over' };
}

/** "1天 02:03:04" / "1d 02:03:04" or "02:03:04". */
export function countdownText(ms: number, locale: 'zh-CN' | 'en-US'): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86400);
  const hms = [Math.floor((total % 86400) / 3600), Math.floor((total % 3600) / 60), total % 60]
    .map((n) => String(n).padStart(2, '0'))
    .join(':');
  if (d === 0) return hms;
  return locale === 'zh-CN' ? `${d}天 ${hms}` : `${d}d ${hms}`;
}

/**
 * The next delay before reopening a stream the browser gave up on: doubling from 1 s, capped
 * at 30 s, with jitter so a thousand screens do not all come back in the same millisecond.
 */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base / 2 + (base / 2) * random());
}
