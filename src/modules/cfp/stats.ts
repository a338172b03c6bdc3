import { round2 } from './reviews';

export interface Stat {
  average: number | null;
  stdDev: number | null;
}

/** Mean and population standard deviation, to two decimals; nulls for no values. */
export function statOf(values: number[]): Stat {
  if (values.length === 0) return { average: null, stdDev: null };
  const avg = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - avg) ** 2, 0) / values.length;
  return { average: round2(avg), stdDev: round2(Math.sqrt(variance)) };
}

/** Per criterion and overall (each review's mean) statistics of a proposal's reviews. */
export function reviewStats(criteria: { key: string }[], reviews: Record<string, number>[]) {
  const perCriterion: Record<string, Stat> = {};
  for (const c of criteria)
    perCriterion[c.key] = statOf(
      reviews.map((r) => r[c.key]).filter((v): v is number => typeof v === 'number'),
    );
  const means = reviews
    .map((r) => criteria.map((c) => r[c.key]).filter((v): v is number => typeof v === 'number'))
    .filter((xs) => xs.length > 0)
    .map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length);
  return { overall: statOf(means), criteria: perCriterion };
}
