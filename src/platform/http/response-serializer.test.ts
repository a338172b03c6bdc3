import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createResponseSerializer, droppedFields } from './response-serializer';

const schema = z.object({ id: z.string(), items: z.array(z.object({ fen: z.number().int() })) });
const serialize = (strict: boolean) =>
  createResponseSerializer({ strict })({ schema, method: 'GET', url: '/x' });

describe('the response serializer', () => {
  it('sends the documented fields', () => {
    expect(serialize(true)({ id: 'a', items: [{ fen: 1 }] })).toBe('{"id":"a","items":[{"fen":1}]}');
  });

  it('refuses a value of the wrong type', () => {
    expect(() => serialize(false)({ id: 1, items: [] })).toThrow(/doesn't match the schema/);
  });

  it('drops an undocumented field in production, refuses it when strict', () => {
    const answer = { id: 'a', passwordHash: 'x', items: [{ fen: 1, cost: 2 }] };
    expect(serialize(false)(answer)).toBe('{"id":"a","items":[{"fen":1}]}');
    expect(() => serialize(true)(answer)).toThrow();
    expect(droppedFields(answer, schema.parse(answer))).toEqual([['passwordHash'], ['items', 0, 'cost']]);
  });

  it('ignores fields that are undefined (JSON leaves them out anyway)', () => {
    expect(serialize(true)({ id: 'a', items: [], note: undefined })).toBe('{"id":"a","items":[]}');
  });
});
