import { beforeAll, describe, expect, it } from 'vitest';
import { seededDemoHarness } from '../../test/support/demo-harness';
import type { Harness } from '../../test/support/harness';
import { customerWallet } from '../modules/ledger';
import { verifyReceipt } from '../verify';
import { DEMO_CHARITY_ITEMS, DEMO_DONORS, DEMO_PROJECT } from './demo-charity';
import { DEMO_ORIGIN, DEMO_TRACE } from './demo-traceability';
import { DEMO_PASSWORD, DEMO_WALLET } from './seed';

/** The demo year's charity week: a project with donations, one disbursement, receipts that verify. */
// Seeding the whole demo year takes long on a loaded 2-core runner.
describe('demo charity', { timeout: 600_000 }, () => {
  let h: Harness;
  beforeAll(async () => {
    h = await seededDemoHarness();
  });

  it('seeds a verified charity’s project, charity items in the live festival, donors’ donations and a payout', async () => {
    const list = (await h.app.inject({ url: '/api/charity/projects' })).json().items;
    expect(list).toHaveLength(1);
    expect(list[0].project).toMatchObject({ titleZh: DEMO_PROJECT.titleZh, status: 'fundraising' });
    const page = (await h.app.inject({ url: `/api/charity/projects/${list[0].project.id}` })).json();
    expect(page.charity.status).toBe('verified');
    expect(page.donations).toBeGreaterThanOrEqual(DEMO_CHARITY_ITEMS.length);
    expect(page.raised).toBeGreaterThan(0);
    expect(page.disbursements).toHaveLength(1);
    expect(page.escrow).toBe(page.raised - page.disbursed);
    expect(page.updates).toHaveLength(1);

    const login = await h.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: DEMO_DONORS[0]!.email, password: DEMO_PASSWORD },
    });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const mine = (await h.app.inject({ url: '/api/me/donations', headers: { cookie } })).json();
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
    expect(page.donors).toBe(DEMO_DONORS.length);
    // The demo shopper's wallet is untouched: the donors paid with their own demo credit.
    const shopper = await h.ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'consumer@carnival.local')
      .executeTakeFirstOrThrow();
    expect(await h.services.ledger.balanceOf(customerWallet(shopper.id))).toBe(DEMO_WALLET);
    const receipt = await h.app.inject({
      url: `/api/me/donations/${mine.items[0].id}/receipt`,
      headers: { cookie },
    });
    expect(verifyReceipt(receipt.json()).ok).toBe(true);

    // The first donor chose no extra packaging and an e-invoice: green points once paid.
    const green = (await h.app.inject({ url: '/api/me/green', headers: { cookie } })).json();
    expect(green.points).toBeGreaterThan(0);
    expect(green.entries.every((e: { status: string }) => e.status === 'earned')).toBe(true);
  });

  it('seeds a farm store with origin tags and a traced bag of rice that verifies', async () => {
    const origins = (await h.app.inject({ url: '/api/store-origins' })).json().items;
    expect(origins).toEqual([expect.objectContaining({ storeName: '山野农场', ...DEMO_ORIGIN })]);
    const trace = (await h.app.inject({ url: `/api/trace/${DEMO_TRACE.serial.code}` })).json();
    expect(trace.lot.code).toBe(DEMO_TRACE.lot.code);
    expect(trace.events.map((e: { kind: string }) => e.kind)).toEqual([
      'origin',
      'inspection',
      'warehouse_in',
      'warehouse_out',
      'shipment',
      'delivery',
    ]);
    const verified = (
      await h.app.inject({ url: `/api/trace/${DEMO_TRACE.serial.code}/verification` })
    ).json();
    expect(verified).toMatchObject({ ok: true, mismatch: null, checkpoint: { size: 6 } });
  });
});
