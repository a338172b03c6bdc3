import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { newSecret, signedHeaders } from './signing';

/**
 * The verify-signature example of docs/partners.md is a test: the ```ts block after the
 * `<!-- example: verify-webhook -->` marker is compiled and run against our own signatures.
 */
const doc = readFileSync(new URL('../../../docs/partners.md', import.meta.url), 'utf8');

async function loadExample() {
  const at = doc.indexOf('<!-- example: verify-webhook -->');
  const block = doc.slice(at).match(/```ts\n([\s\S]*?)\n```/);
  if (at < 0 || !block) throw new Error('docs/partners.md: the verify-webhook example is missing');
  const { code } = await transform(block[1]!, { loader: 'ts', format: 'esm' });
  const file = join(tmpdir(), `carnival-verify-webhook-${process.pid}.mjs`);
  writeFileSync(file, code);
  try {
    return (await import(pathToFileURL(file).href)) as {
      verifyCarnivalWebhook: (
        secret: string,
        headers: Record<string, string>,
        body: string,
      ) => { type: string };
    };
  } finally {
    rmSync(file, { force: true });
  }
}

describe('docs/partners.md verify-signature example', () => {
  it('accepts our deliveries, including rotation overlaps, and refuses tampering and stale ones', async () => {
    const { verifyCarnivalWebhook } = await loadExample();
    const [oldSecret, newer] = [newSecret(), newSecret()];
    const body = JSON.stringify({
      type: 'order.paid',
      timestamp: new Date().toISOString(),
      data: { orderId: 'ord_1' },
    });
    const now = Math.floor(Date.now() / 1000);
    const headers = signedHeaders([newer, oldSecret], 'evt_1', now, body);
    expect(verifyCarnivalWebhook(oldSecret, headers, body).type).toBe('order.paid');
    expect(verifyCarnivalWebhook(newer, headers, body).type).toBe('order.paid');
    expect(() => verifyCarnivalWebhook(newSecret(), headers, body)).toThrow(/signature/);
    expect(() => verifyCarnivalWebhook(oldSecret, headers, body.replace('ord_1', 'ord_2'))).toThrow(
      /signature/,
    );
    const stale = signedHeaders([oldSecret], 'evt_1', now - 600, body);
    expect(() => verifyCarnivalWebhook(oldSecret, stale, body)).toThrow(/timestamp/);
    expect(() => verifyCarnivalWebhook(oldSecret, { ...headers, 'webhook-id': '' }, body)).toThrow(/missing/);
  });
});
