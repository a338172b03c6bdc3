import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installErrorHandling } from './error-handler';
import { findForbiddenCharacters, hasForbiddenCharacters, installInputHygiene } from './input-hygiene';

describe('hasForbiddenCharacters', () => {
  it('flags NUL and unpaired surrogates, not ordinary or astral text', () => {
    expect(hasForbiddenCharacters('a\u0000b')).toBe(true);
    expect(hasForbiddenCharacters('\uD800')).toBe(true);
    expect(hasForbiddenCharacters('x\uDC00y')).toBe(true);
    expect(hasForbiddenCharacters('\uDC00\uD800')).toBe(true); // reversed pair
    expect(hasForbiddenCharacters('双十一 🎪 \t\n')).toBe(false);
    expect(hasForbiddenCharacters('\uD83C\uDFAA')).toBe(false);
  });
});

describe('findForbiddenCharacters', () => {
  it('names the first offending value or key by dotted path', () => {
    expect(findForbiddenCharacters({ a: [{ b: 'ok' }, { c: 'x\u0000' }] }, 'body')).toBe('body.a.1.c');
    expect(findForbiddenCharacters({ ok: 1, 'k\uD800': 'v' }, 'body')).toBe('body.k\uFFFD');
    expect(findForbiddenCharacters({ 'n\u0000': 'v' }, 'body')).toBe('body.n\\u0000');
    expect(findForbiddenCharacters('\u0000', 'body')).toBe('body');
    expect(findForbiddenCharacters({ a: 1, b: null, c: true, d: ['x'] }, 'body')).toBeNull();
    expect(findForbiddenCharacters(undefined, 'body')).toBeNull();
  });

  it('walks a deeply nested body without recursion', () => {
    let deep: unknown = 'bad\u0000';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(findForbiddenCharacters(deep, 'body')).toMatch(/^body(\.0)+$/);
  });
});

describe('the hook', () => {
  it('answers 400 INVALID_CHARACTERS before validation and the handler', async () => {
    const app = Fastify();
    installErrorHandling(app);
    installInputHygiene(app);
    let ran = 0;
    app.post('/things/:id', async () => {
      ran++;
      return {};
    });
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/things/t1?tag=a%00',
        payload: { title: 'ok' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'INVALID_CHARACTERS', details: { field: 'query.tag' } });
      const body = await app.inject({
        method: 'POST',
        url: '/things/t1',
        headers: { 'content-type': 'application/json' },
        payload: '{"title":"\\udfff"}',
      });
      expect(body.json().error.details.field).toBe('body.title');
      expect(ran).toBe(0);
      expect((await app.inject({ method: 'POST', url: '/things/t1', payload: { t: '🎪' } })).statusCode).toBe(
        200,
      );
    } finally {
      await app.close();
    }
  });
});
