import { describe, expect, it } from 'vitest';
import { bestOffset, offsetOf, serverNow } from '../web/src/app/server-clock';

/** The web's clock-offset helper (web/src/app/server-clock.ts); the web has no test runner of its own. */
describe('server clock offset (NTP-style)', () => {
  it('puts the server reading at the midpoint of the round trip', () => {
    // The visitor's clock is 5 s behind; the request took 40 ms each way.
    expect(offsetOf({ t0: 1_000_000, t1: 1_000_080, serverMs: 1_005_040 })).toEqual({
      offsetMs: 5000,
      rttMs: 80,
    });
    // A clock that runs ahead gives a negative offset.
    expect(offsetOf({ t0: 2000, t1: 2010, serverMs: 1005 }).offsetMs).toBe(-1000);
  });

  it('trusts the sample with the shortest round trip', () => {
    const samples = [
      { t0: 0, t1: 900, serverMs: 5200 }, // slow: the error could be 450 ms
      { t0: 1000, t1: 1020, serverMs: 6010 },
      { t0: 2000, t1: 2300, serverMs: 7000 },
    ];
    expect(bestOffset(samples)).toEqual({ offsetMs: 5000, rttMs: 20 });
    expect(bestOffset([])).toBeNull();
  });

  it('gives the server time from the client clock', () => {
    expect(serverNow({ offsetMs: 5000.5 }, 10_000)).toBe(15_001);
    expect(serverNow({ offsetMs: -250 }, 10_000)).toBe(9750);
  });
});
