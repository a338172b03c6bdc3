/** The catalogue's translate function, as far as counts need it (kept free of React for tests). */
type Translate = (
  key: 'hub.total' | 'hub.totalOne' | 'hub.totalCapped',
  vars?: Record<string, string | number>,
) => string;

/** "共 3 场活动" / "3 events", "1 event" (never "1 events"), "100+ events" when the count is capped. */
export function eventCountText(t: Translate, n: number, capped = false): string {
  if (capped) return t('hub.totalCapped', { n });
  return n === 1 ? t('hub.totalOne', { n }) : t('hub.total', { n });
}
