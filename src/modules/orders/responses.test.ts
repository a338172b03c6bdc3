import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { refundSchema } from './after-sale-responses';
import { orderSchema } from './responses';

/** The examples the OpenAPI document shows partners must be answers the server could give. */
describe('response examples', () => {
  const examplesOf = (schema: z.ZodType) => (schema.meta()?.examples ?? []) as unknown[];

  it.each([
    ['Order', orderSchema],
    ['Refund', refundSchema],
  ] as const)('%s: every example parses, and nothing in it is dropped', (_name, schema) => {
    const examples = examplesOf(schema);
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) expect(schema.parse(example)).toEqual(example);
  });
});
