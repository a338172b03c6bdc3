import type { Limits } from '../../src/platform/http/limits-config';

type LimitOverrides = { [K in keyof Limits]?: Limits[K] extends object ? Partial<Limits[K]> : Limits[K] };

const UNREACHABLE = 1_000_000;

/**
 * Limits for tests and benchmarks that send hundreds of requests from one client (one IP, one
 * user) or let one customer hold many orders: every rate limit and holding cap out of reach
 * (the quote's size caps stay). Tests of a limit pass its numbers in `overrides`.
 */
export function relaxedLimits(overrides: LimitOverrides = {}): LimitOverrides {
  const out: LimitOverrides = {
    writesPerActor: { max: UNREACHABLE },
    writesPerIp: { max: UNREACHABLE },
    signupPerIp: { max: UNREACHABLE },
    couponClaimPerCustomer: { max: UNREACHABLE },
    couponClaimPerIp: { max: UNREACHABLE },
    codeGuessPerCustomer: { max: UNREACHABLE },
    quotePerIp: { max: UNREACHABLE },
    cfpSubmitPerActor: { max: UNREACHABLE },
    transparencyPerIp: { max: UNREACHABLE },
    apiKeyPerMinute: UNREACHABLE,
    apiKeyMaxPerMinute: UNREACHABLE,
    unpaidOrdersPerCustomer: UNREACHABLE,
    heldUnitsPerSku: UNREACHABLE,
  };
  return { ...out, ...overrides };
}
