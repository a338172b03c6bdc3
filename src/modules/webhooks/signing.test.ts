import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newSecret, SECRET_PREFIX, sign, signedHeaders } from './signing';

// `standardwebhooks` is the spec authors' own implementation: the independent check of ours.
const verifyAt = (secret: string, body: string, headers: Record<string, string>, at: number) => {
  const realNow = Date.now;
  Date.now = () => at * 1000;
  try {
    return new Webhook(secret).verify(body, headers);
  } finally {
    Date.now = realNow;
  }
};

describe('Standard Webhooks signing', () => {
  const body = JSON.stringify({
    type: 'order.paid',
    timestamp: '2026-11-11T00:00:00.000Z',
    data: { orderId: 'ord_1' },
  });
  const ts = 1_794_355_200;

  it('makes whsec_ secrets of at least 24 random bytes', () => {
    const s = newSecret();
    expect(s.startsWith(SECRET_PREFIX)).toBe(true);
    expect(Buffer.from(s.slice(SECRET_PREFIX.length), 'base64').length).toBeGreaterThanOrEqual(24);
    expect(newSecret()).not.toBe(s);
  });

  it('signs so that the reference implementation verifies, and only the exact body', () => {
    const secret = newSecret();
    const headers = signedHeaders([secret], 'evt_1', ts, body);
    expect(verifyAt(secret, body, headers, ts)).toEqual(JSON.parse(body));
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('evt_1', new Date(ts * 1000), body));
    expect(() => verifyAt(secret, `${body} `, headers, ts)).toThrow(/signature/);
    expect(() => verifyAt(newSecret(), body, headers, ts)).toThrow(/signature/);
    expect(() => verifyAt(secret, body, { ...headers, 'webhook-id': 'evt_2' }, ts)).toThrow(/signature/);
  });

  it('puts one signature per valid secret, space-separated, each verifying on its own', () => {
    const [a, b] = [newSecret(), newSecret()];
    const headers = signedHeaders([a, b], 'evt_1', ts, body);
    expect(headers['webhook-signature'].split(' ')).toEqual([
      sign(a, 'evt_1', ts, body),
      sign(b, 'evt_1', ts, body),
    ]);
    expect(verifyAt(a, body, headers, ts)).toBeTruthy();
    expect(verifyAt(b, body, headers, ts)).toBeTruthy();
  });
});
