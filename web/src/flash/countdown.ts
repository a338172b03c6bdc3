/**
 * "02:03:04" for a duration (hours may exceed 24 only when `days` is not given), or "1 天 02:03:04"
 * with the day word from the catalogue. Rounded up to the second so "00:00:00" shows only when the
 * moment has come.
 */
export function formatCountdown(ms: number, days?: (n: number) => string): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0 && days) return `${days(d)} ${pad(h)}:${pad(m)}:${pad(s)}`;
  return `${pad(h + (days ? 0 : d * 24))}:${pad(m)}:${pad(s)}`;
}

/** Share taken of the stock, in whole percent (0 when there is no stock). */
export function takenPercent(stock: number, remaining: number): number {
  if (stock <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round(((stock - remaining) / stock) * 100)));
}

/** The zone's name in the reader's language ("中国标准时间", "China Standard Time"), else its id. */
export function zoneName(iso: string, tz: string, locale: string): string {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone: tz, timeZoneName: 'long' }).formatToParts(
      new Date(iso),
    );
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? tz;
  } catch {
    return tz;
  }
}
