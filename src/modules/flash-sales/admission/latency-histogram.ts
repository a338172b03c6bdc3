/**
 * A fixed-bucket latency histogram: counts per bucket of fixed upper bounds (ms). Fixed bounds
 * make histograms from any number of processes and seconds add up bucket by bucket, which is
 * how N processes report one p99 without shipping every sample.
 */
export const LATENCY_BOUNDS_MS = [
  0.5, 1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 2_000, 5_000, 10_000,
] as const;

/** The bucket of a latency: the first bound at or above it; the last index is "over 10 s". */
export function bucketOf(latencyMs: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i++) if (latencyMs <= LATENCY_BOUNDS_MS[i]!) return i;
  return LATENCY_BOUNDS_MS.length;
}

/**
 * The q-quantile (0 < q <= 1) as the upper bound of the bucket it falls in, so the answer errs
 * high ("p99 <= 15 ms"), never low. Null with no samples; over 10 s reads as 10 s.
 */
export function quantileMs(counts: ReadonlyMap<number, number>, q: number): number | null {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i <= LATENCY_BOUNDS_MS.length; i++) {
    seen += counts.get(i) ?? 0;
    if (seen >= rank) return LATENCY_BOUNDS_MS[Math.min(i, LATENCY_BOUNDS_MS.length - 1)]!;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1]!;
}
