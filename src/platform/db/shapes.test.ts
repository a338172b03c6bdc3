import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../../schema';
import { createShapeCache } from './shapes';

const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const build = (v: { customerId: string; skus: string[]; now: Date; rows: { sku: string; qty: number }[] }) =>
  db
    .with('x', (q) =>
      q
        .insertInto('cart_items')
        .values(
          v.rows.map((r) => ({
            customer_id: v.customerId,
            campaign_id: 'c',
            sku_id: r.sku,
            quantity: r.qty,
            added_at: v.now,
          })),
        )
        .returning('sku_id'),
    )
    .selectFrom('cart_items')
    .select('sku_id')
    .where('customer_id', '=', v.customerId)
    .where('sku_id', 'in', v.skus)
    .where('added_at', '<', v.now);

describe('shape cache', () => {
  it('binds each call’s values exactly where a fresh compile puts them', () => {
    const compiled = createShapeCache();
    for (const [i, now] of [new Date(1), new Date(2)].entries()) {
      const v = { customerId: `u${i}`, skus: [`a${i}`, `b${i}`], now, rows: [{ sku: `a${i}`, qty: i + 1 }] };
      const fresh = build(v).compile();
      const cached = compiled('shape', v, build);
      expect(cached.sql).toBe(fresh.sql);
      expect(cached.parameters).toEqual(fresh.parameters);
    }
  });

  it('keeps a constant the builder put in itself', () => {
    const compiled = createShapeCache();
    const q = (v: { id: string }) =>
      db.selectFrom('orders').select('id').where('id', '=', v.id).where('status', '=', 'created');
    compiled('s', { id: 'x' }, q);
    expect(compiled('s', { id: 'y' }, q).parameters).toEqual(['y', 'created']);
  });
});
