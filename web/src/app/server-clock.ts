/**
 * The visitor's clock against the server's (GET /api/time), measured the way NTP does: the
 * request left at client time `t0`, the answer came back at `t1`, and the server read its clock
 * somewhere in between; assuming the two legs took as long as each other, the server's reading
 * belongs to the midpoint. So `offset = server - (t0 + t1) / 2`, and the error is at most half
 * the round trip. Of several samples the one with the shortest round trip is the most exact.
 * Pure: the page does the fetching and passes the times in (performance.now()-based or
 * Date.now()-based, as long as t0, t1 and the later `clientNow` use the same clock).
 */

export interface ClockSample {
  /** Client time when the request was sent (ms). */
  t0: number;
  /** Client time when the answer arrived (ms). */
  t1: number;
  /** The server's `epochMs` from the answer. */
  serverMs: number;
}

export interface ClockOffset {
  /** Add to the client's time to get the server's. */
  offsetMs: number;
  /** The round trip of the sample; the offset is exact to within half of it. */
  rttMs: number;
}

/** One sample's offset and round trip. */
export function offsetOf(sample: ClockSample): ClockOffset {
  const rttMs = Math.max(0, sample.t1 - sample.t0);
  return { offsetMs: sample.serverMs - (sample.t0 + sample.t1) / 2, rttMs };
}

/** The offset of the sample with the shortest round trip; null when there is none. */
export function bestOffset(samples: readonly ClockSample[]): ClockOffset | null {
  let best: ClockOffset | null = null;
  for (const s of samples) {
    const o = offsetOf(s);
    if (best === null || o.rttMs < best.rttMs) best = o;
  }
  return best;
}

/** The server's time now, in ms since the epoch, from the client's clock and a measured offset. */
export function serverNow(offset: Pick<ClockOffset, 'offsetMs'>, clientNow: number): number {
  return Math.round(clientNow + offset.offsetMs);
}
