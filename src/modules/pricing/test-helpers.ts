import { priceCart } from './engine';
import type { CartLine, Customer, PricedCart, Promotion, Scenario } from './model';
import { parseScenario } from './scenario-schema';

/** Test helpers (not part of the public surface). */
export const NOW = '2026-11-11T00:10:00+08:00';

export const line = (id: string, unitPrice: number, quantity = 1, sku = id, store = 'A'): CartLine => ({
  id,
  sku,
  store,
  unitPrice,
  quantity,
});

export function scenario(
  promotions: Promotion[],
  lines: CartLine[],
  customer: Partial<Customer> = {},
  extra: Partial<Scenario> = {},
): Scenario {
  return { currency: 'CNY', now: NOW, promotions, customer: { id: 'u1', ...customer }, lines, ...extra };
}

/** Validate (so every golden scenario is also a valid public input), then price. */
export function price(s: Scenario): PricedCart {
  const parsed = parseScenario(s);
  if (!parsed.ok) throw new Error(`invalid test scenario: ${JSON.stringify(parsed.errors)}`);
  return priceCart(parsed.scenario);
}

export const lineById = (cart: PricedCart, id: string) => {
  const l = cart.lines.find((x) => x.id === id);
  if (!l) throw new Error(`no line ${id}`);
  return l;
};

export const shares = (cart: PricedCart, promotion: string) =>
  Object.fromEntries(
    cart.lines.map((l) => [l.id, l.adjustments.find((a) => a.promotion === promotion)?.amount ?? 0]),
  );
