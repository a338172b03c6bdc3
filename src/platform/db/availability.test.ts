import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailableError } from './availability';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailableError', () => {
  it('recognises connection loss, shutdowns, refusals and our timeouts', () => {
    for (const err of [
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P03', 'the database system is starting up'),
      withCode('57014', 'canceling statement due to statement timeout'),
      withCode('08006'),
      withCode('ECONNREFUSED'),
      withCode('ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Query read timeout'),
      Object.assign(new AggregateError([withCode('ECONNREFUSED')], ''), {}),
      new Error('wrapped', { cause: withCode('57P01') }),
    ])
      expect(isDatabaseUnavailableError(err), String(err)).toBe(true);
  });

  it('leaves the caller’s and the code’s errors alone', () => {
    for (const err of [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('23514', 'check constraint'),
      withCode('42P01', 'relation does not exist'),
      withCode('40001', 'could not serialize access'),
      new RangeError('int8 value exceeds the safe integer range'),
      new Error('boom'),
      undefined,
      'a string',
    ])
      expect(isDatabaseUnavailableError(err), String(err)).toBe(false);
  });
});
