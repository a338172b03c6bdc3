import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { priceCart } from '../modules/pricing';
import { runPrice } from './price';

const EXAMPLE = 'docs/examples/double11-cart.json';

async function run(args: string[], stdinText = '') {
  let out = '';
  let err = '';
  const code = await runPrice(args, {
    stdin: Readable.from([stdinText]),
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
  });
  return { code, out, err };
}

describe('carnival price', () => {
  it('prices a scenario file as pretty JSON', async () => {
    const { code, out, err } = await run([EXAMPLE]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(JSON.parse(out)).toEqual(priceCart(JSON.parse(readFileSync(EXAMPLE, 'utf8'))));
    expect(out).toContain('\n  "subtotal"');
  });

  it('reads stdin for -', async () => {
    const { code, out } = await run(['-'], readFileSync(EXAMPLE, 'utf8'));
    expect(code).toBe(0);
    expect(JSON.parse(out).currency).toBe('CNY');
  });

  it('returns 2 with the JSON paths at fault for an invalid scenario', async () => {
    const s = JSON.parse(readFileSync(EXAMPLE, 'utf8'));
    s.lines[0].quantity = 0;
    s.promotions[4].tiers[0].off = 'x';
    const file = join(mkdtempSync(join(tmpdir(), 'price-')), 's.json');
    writeFileSync(file, JSON.stringify(s));
    const { code, out, err } = await run([file]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('$.lines[0].quantity: must be a positive integer');
    expect(err).toContain('$.promotions[4].tiers[0].off: must be a non-negative integer in minor units');
  });

  it('returns 2 for an unreadable file, invalid JSON or no argument', async () => {
    const missing = await run(['/nonexistent/scenario.json']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read /nonexistent/scenario.json');
    const bad = await run(['-'], '{ not json');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('$: invalid JSON');
    expect((await run([])).code).toBe(2);
  });
});
