import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness } from '../../../test/support/harness';
import { expectRateLimited, pglite } from '../../../test/support/limit-asserts';
import { worstCaseScenario } from './worst-case';

const example = () => JSON.parse(readFileSync('docs/examples/double11-cart.json', 'utf8'));

function withTiers(s: ReturnType<typeof worstCaseScenario>, n: number) {
  const tiers = Array.from({ length: n }, (_, t) => ({ threshold: 100 * (t + 1), off: t + 1 }));
  return { ...s, promotions: s.promotions.map((p) => (p.type === 'threshold' ? { ...p, tiers } : p)) };
}

/** The anonymous quote: size caps (400 naming the field) and its per-IP rate limit. */
describe('POST /api/pricing/quote limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness(await pglite(), '2026-11-01T00:00:00Z', {
      limits: { quotePerIp: { max: 3, windowSeconds: 60 } },
    });
  });
  afterAll(() => h.close());

  let ip = 0;
  const quote = (payload: unknown, remoteAddress = `198.18.0.${++ip}`) =>
    h.app.inject({ method: 'POST', url: '/api/pricing/quote', payload: payload as object, remoteAddress });

  it('prices the largest scenario the caps allow', async () => {
    const res = await quote(worstCaseScenario(200, 100, 100));
    expect(res.statusCode).toBe(200);
    expect(res.json().applied.length).toBeGreaterThan(0);
  });

  it.each([
    ['lines', worstCaseScenario(201, 1, 1), 'at most 200 lines'],
    ['promotions', worstCaseScenario(1, 101, 1), 'at most 100 promotions'],
    ['promotions.0.skus', worstCaseScenario(1, 1, 101), 'at most 100 entries'],
    ['promotions.1.tiers', withTiers(worstCaseScenario(1, 2, 1), 101), 'at most 100 entries'],
  ])(
    'refuses a scenario over the cap of %s with 400 naming the field and the cap',
    async (field, body, text) => {
      const res = await quote(body);
      expect(res.statusCode).toBe(400);
      const error = errorOf(res);
      expect(error).toMatchObject({ code: 'QUOTE_TOO_LARGE', details: { field } });
      expect(error.message).toContain(text);
    },
  );

  it('refuses the 3,000 x 3,000 scenario at once', async () => {
    const res = await quote(worstCaseScenario(3000, 3000, 1));
    expect(errorOf(res)).toMatchObject({ code: 'QUOTE_TOO_LARGE', details: { field: 'lines' } });
  });

  it('rate-limits one address: the 4th quote in a minute is 429 with Retry-After', async () => {
    const from = '198.18.1.1';
    for (let i = 0; i < 3; i++) expect((await quote(example(), from)).statusCode).toBe(200);
    expectRateLimited(await quote(example(), from), 3, 'quotePerIp');
    expect((await quote(example(), '198.18.1.2')).statusCode).toBe(200);
  });
});
