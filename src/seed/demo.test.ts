/**
 * The demo year's data, checked area by area on one seeded database (test/support/demo-harness.ts).
 * Each area's checks are in demo-<area>.checks.ts beside its seed; their suites run in this order.
 */
import './demo-operator.checks';
import './demo-shopper.checks';
import './demo-merchant-orders.checks';
import './demo-flash-sales.checks';
import './demo-charity.checks';
import './demo-tickets.checks';
import './demo-cfp.checks';
import './demo-programme.checks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDemoHarness, demoWasSeeded, seededDemoHarness } from '../../test/support/demo-harness';

// Seeding the whole demo year takes a minute or more on a loaded 2-core runner; the first
// suite's beforeAll pays for it.
beforeAll(() => seededDemoHarness(), 600_000);
afterAll(() => closeDemoHarness());

describe('the demo year', () => {
  it('seeds an empty database once', async () => {
    expect(await demoWasSeeded()).toBe(true);
  });
});
