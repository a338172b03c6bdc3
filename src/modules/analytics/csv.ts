import type { CampaignReport } from './schemas';

/** A field as RFC 4180 wants it: quoted when it holds a comma, quote or line break. */
const field = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const line = (cells: (string | number | null)[]) => cells.map(field).join(',');

/**
 * The report as one CSV of sections (section, key, name, then the section's figures): money in
 * fen as everywhere, so a spreadsheet's sums equal the report's. The BOM makes Excel read UTF-8.
 */
export function reportToCsv(r: CampaignReport): string {
  const rows: string[] = [line(['section', 'key', 'name', 'value', 'orders', 'units'])];
  const summary: [string, number][] = [
    ['gmv', r.gmv],
    ['gross_gmv', r.grossGmv],
    ['refund_amount', r.refundAmount],
    ['orders', r.orders],
    ['buyers', r.buyers],
    ['new_buyers', r.newBuyers],
    ['visitors', r.visitors],
    ['conversion_bp', r.conversionBp],
    ['discount_merchant', r.discounts.merchant],
    ['discount_platform', r.discounts.platform],
    ['discount_allowance', r.discounts.allowance],
    ['discount_total', r.discounts.total],
  ];
  for (const [k, v] of summary) rows.push(line(['summary', k, '', v, null, null]));
  for (const s of r.topStores) rows.push(line(['store', s.storeId, s.name, s.gmv, s.orders, null]));
  for (const c of r.topCategories) rows.push(line(['category', c.category, '', c.gmv, null, c.units]));
  for (const f of r.flashSales)
    rows.push(line(['flash_sale', f.slotId, f.title, f.sellOutSeconds, null, f.sold]));
  for (const h of r.hourly) rows.push(line(['hour', h.hour, '', h.gmv, h.orders, null]));
  return `\uFEFF${rows.join('\r\n')}\r\n`;
}
