import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { priceCart } from './engine';
import { parseScenario } from './scenario-schema';

/**
 * The worked examples of docs/pricing.md are tests: after each `<!-- example: name -->`
 * marker, the next ```json block is the scenario and the one after it the documented result.
 */
const doc = readFileSync(new URL('../../../docs/pricing.md', import.meta.url), 'utf8');

function examples(markdown: string) {
  const out: { name: string; scenario: unknown; result: unknown }[] = [];
  const marker = /<!--\s*example:\s*([\w-]+)\s*-->/g;
  for (let m = marker.exec(markdown); m; m = marker.exec(markdown)) {
    const blocks = [...markdown.slice(m.index).matchAll(/```json\n([\s\S]*?)\n```/g)].slice(0, 2);
    if (blocks.length < 2) throw new Error(`example ${m[1]}: needs a scenario and a result block`);
    out.push({ name: m[1]!, scenario: JSON.parse(blocks[0]![1]!), result: JSON.parse(blocks[1]![1]!) });
  }
  return out;
}

const found = examples(doc);

describe('docs/pricing.md worked examples', () => {
  it('has at least four examples', () => {
    expect(found.length).toBeGreaterThanOrEqual(4);
  });

  for (const ex of found) {
    it(`example ${ex.name} prices as documented`, () => {
      const parsed = parseScenario(ex.scenario);
      expect(parsed.ok ? [] : parsed.errors).toEqual([]);
      if (parsed.ok) expect(priceCart(parsed.scenario)).toStrictEqual(ex.result);
    });
  }
});
