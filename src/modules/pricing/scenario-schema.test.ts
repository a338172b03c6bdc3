import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenario, toJsonPath } from './scenario-schema';

const example = () => JSON.parse(readFileSync('docs/examples/double11-cart.json', 'utf8'));

describe('parseScenario', () => {
  it('accepts the example scenario, as a value or as JSON text', () => {
    expect(parseScenario(example()).ok).toBe(true);
    expect(parseScenario(readFileSync('docs/examples/double11-cart.json', 'utf8')).ok).toBe(true);
  });

  it('names the JSON path of every problem', () => {
    const s = example();
    s.promotions[4].tiers[0].off = -1;
    s.promotions[0].type = 'bogo';
    s.promotions[1].colour = 'red';
    s.lines[0].quantity = 0;
    s.lines[1].unitPrice = 1.5;
    s.promotions[8].percent = 101;
    const r = parseScenario(s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { path: '$.promotions[4].tiers[0].off', message: 'must be a non-negative integer in minor units' },
        { path: '$.promotions[0].type', message: expect.stringContaining('unknown promotion type') },
        { path: '$.promotions[1].colour', message: 'unknown field' },
        { path: '$.lines[0].quantity', message: 'must be a positive integer' },
        { path: '$.lines[1].unitPrice', message: 'must be a non-negative integer in minor units' },
        { path: '$.promotions[8].percent', message: 'must be an integer from 0 to 100' },
      ]),
    );
  });

  it('checks rules across fields', () => {
    const s = example();
    s.promotions[7].thresholdBase = 'platform'; // its own layer: not earlier
    s.promotions[6].layer = 'item'; // every is a group promotion
    s.promotions[3].depositValue = 1;
    s.promotions[4].tiers = [
      { threshold: 2, off: 1 },
      { threshold: 1, off: 2 },
    ];
    s.promotions[2].startsAt = '2026-11-12T00:00:00+08:00';
    s.promotions[2].endsAt = '2026-11-11T00:00:00+08:00';
    s.lines[1].id = 'l1';
    s.promotions[9].id = 'a1x';
    s.promotions[10].id = 'a1x';
    const r = parseScenario(s);
    if (r.ok) throw new Error('expected errors');
    expect(r.errors.map((e) => e.path)).toEqual([
      '$.promotions[2].endsAt',
      '$.promotions[3].depositValue',
      '$.promotions[4].tiers[1].threshold',
      '$.promotions[6].layer',
      '$.promotions[7].thresholdBase',
      '$.promotions[10].id',
      '$.lines[1].id',
    ]);
  });

  it('rejects a thresholdBase naming a layer that is not active', () => {
    const s = example();
    s.layers = ['item', 'cross_store', 'platform'];
    s.promotions[7].thresholdBase = 'store';
    const r = parseScenario(s);
    expect(r.ok ? [] : r.errors.map((e) => e.path)).toEqual(['$.promotions[7].thresholdBase']);
  });

  it('rejects times without an offset, unknown top-level fields and bad JSON', () => {
    const s = { ...example(), now: '2026-11-11T00:10:00', extra: 1 };
    const r = parseScenario(s);
    expect(r.ok ? [] : r.errors).toEqual([
      { path: '$.now', message: 'must be an ISO 8601 date-time with an offset' },
      { path: '$.extra', message: 'unknown field' },
    ]);
    const bad = parseScenario('{"currency":');
    expect(bad.ok ? [] : bad.errors.map((e) => e.path)).toEqual(['$']);
  });

  it('formats JSON paths', () => {
    expect(toJsonPath(['promotions', 3, 'tiers', 0, 'off'])).toBe('$.promotions[3].tiers[0].off');
    expect(toJsonPath(['a b'])).toBe('$["a b"]');
    expect(toJsonPath([])).toBe('$');
  });
});
