import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../platform/errors';
import { createResponseSerializer } from '../../platform/http/response-serializer';
import { pricingRoutes } from './routes';

const app = Fastify();
const example = () => JSON.parse(readFileSync('docs/examples/double11-cart.json', 'utf8'));

beforeAll(async () => {
  // As app.ts compiles them: the answer is checked against its documented schema (PricedCart).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializer({ strict: true }));
  app.setErrorHandler((err, _req, reply) => {
    if (isAppError(err)) {
      return reply
        .status(err.status)
        .send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    return reply.status(500).send({ error: { code: 'INTERNAL', message: String(err) } });
  });
  await app.register(pricingRoutes);
  await app.ready();
});
afterAll(() => app.close());

describe('POST /api/pricing/quote', () => {
  it('prices the cart', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/pricing/quote', payload: example() });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.currency).toBe('CNY');
    expect(body.total).toBe(body.subtotal - body.discount);
    expect(body.lines.map((l: { id: string }) => l.id)).toEqual(
      example().lines.map((l: { id: string }) => l.id),
    );
  });

  it('rejects an invalid scenario naming the JSON path', async () => {
    const s = example();
    s.lines[0].quantity = 0;
    const res = await app.inject({ method: 'POST', url: '/api/pricing/quote', payload: s });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Invalid scenario',
        details: {
          field: '$.lines[0].quantity',
          issues: [{ path: '$.lines[0].quantity', message: 'must be a positive integer' }],
        },
      },
    });
  });
});
