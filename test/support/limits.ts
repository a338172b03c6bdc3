import type { Limits } from '../../src/platform/http/limits-config';

type LimitOverrides = { [K in keyof Limits]?: Limits[K] extends object ? Partial<Limits[K]> : Limits[K] };

const UNREACHABLE = 1_000_000;

/**
 * Limits for tests and benchmarks that send hundreds of requests from one client (one IP, one
 * user): every rate limit out of reach, the holding caps as in production. Tests of a limit
 * pass its real numbers in `overrides`.
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
  };
  return { ...out, ...overrides };
}
