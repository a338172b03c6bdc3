/** Where flash-sale stats live in the KV: all under the slot's hash tag, next to its stock. */
export const statsKeys = (slotId: string) => {
  const tag = `{fs:${slotId}}:st`;
  return {
    /** Answers in one second (string counter), for requests/s. */
    second: (epochSec: number) => `${tag}:n:${epochSec}`,
    /** Latency histogram of one second: zset bucket index -> count. */
    histogramOf: (epochSec: number) => `${tag}:h:${epochSec}`,
    /** Since the slot began: latency histogram, answers by outcome, refusals by admission reason. */
    histogram: `${tag}:h`,
    outcomes: `${tag}:out`,
    reasons: `${tag}:why`,
  };
};

/** Per-second keys outlive the read window by a margin; the totals outlive any slot. */
export const SECOND_TTL_MS = 120_000;
export const TOTALS_TTL_MS = 30 * 24 * 3600 * 1000;
