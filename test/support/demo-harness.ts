/**
 * One demo year for every check of the demo data (src/seed/demo.test.ts): seeding it takes a
 * minute on a loaded 2-core runner, and the eight areas' checks only read it (or add their own
 * rows: a claimed coupon, a login), so they share one seeded PGlite instead of seeding eight.
 */
import { seedDemo } from '../../src/seed/seed';
import { actor } from './checkout-fixtures';
import { createHarness, type Harness, testDatabaseTargets } from './harness';

let seeded: Promise<{ harness: Harness; seededNow: boolean }> | undefined;

async function seed(): Promise<{ harness: Harness; seededNow: boolean }> {
  const harness = await createHarness(await testDatabaseTargets()[0]!.open(), '2026-12-02T04:30:00Z');
  const operator = await harness.signIn('operator');
  const seededNow = await seedDemo(harness.ctx, harness.services, actor(operator.userId, 'operator'));
  return { harness, seededNow };
}

/** The shared harness, seeded on first use. */
export async function seededDemoHarness(): Promise<Harness> {
  seeded ??= seed();
  return (await seeded).harness;
}

/** Whether the first seedDemo call seeded (false would mean the database was not empty). */
export async function demoWasSeeded(): Promise<boolean> {
  seeded ??= seed();
  return (await seeded).seededNow;
}

export async function closeDemoHarness(): Promise<void> {
  if (seeded) await (await seeded).harness.close();
  seeded = undefined;
}
