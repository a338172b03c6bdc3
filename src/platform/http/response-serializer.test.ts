import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkStoredAnswer, createResponseSerializer, droppedFields } from './response-serializer';

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

describe('an answer sent as stored text (idempotent first answers and replays)', () => {
  const request = (response?: Record<string, unknown>) =>
    ({
      method: 'POST',
      url: '/x',
      routeOptions: { url: '/x', schema: { response } },
    }) as unknown as FastifyRequest;
  const documented = request({ 201: schema });

  it('passes an answer that matches the schema of its status', () => {
    expect(() => checkStoredAnswer(documented, 201, '{"id":"a","items":[]}', true)).not.toThrow();
  });

  it('refuses an undocumented field, a wrong type and an undocumented success status when strict', () => {
    expect(() => checkStoredAnswer(documented, 201, '{"id":"a","items":[],"secret":1}', true)).toThrow();
    expect(() => checkStoredAnswer(documented, 201, '{"id":1,"items":[]}', true)).toThrow();
    expect(() => checkStoredAnswer(documented, 200, '{"id":"a","items":[]}', true)).toThrow();
  });

  it('holds a stored refusal to the error envelope', () => {
    expect(() =>
      checkStoredAnswer(documented, 409, '{"error":{"code":"SOLD_OUT","message":"x"}}', true),
    ).not.toThrow();
    expect(() => checkStoredAnswer(documented, 409, '{"code":"SOLD_OUT"}', true)).toThrow();
  });

  it('leaves alone routes that document no answer yet, and everything in production', () => {
    expect(() => checkStoredAnswer(request(), 201, '{"anything":true}', true)).not.toThrow();
    expect(() => checkStoredAnswer(documented, 201, '{"id":1}', false)).not.toThrow();
  });
});
