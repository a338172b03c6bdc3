import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';

/**
 * Refuses text that no column, log line or downstream system should receive: the NUL character
 * (PostgreSQL's text type cannot hold it, so it used to surface as a 500) and lone UTF-16
 * surrogates (JSON `"\ud800"`: not valid Unicode, refused by PostgreSQL and by UTF-8 encoders).
 * Every string, keys included, of the body, the query string and the path parameters is checked
 * before validation; the first offender is a 400 INVALID_CHARACTERS naming it by dotted path
 * (`body.items.0.title`, `query.q`, `params.id`).
 */

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is refused.
const FORBIDDEN = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const hasForbiddenCharacters = (s: string): boolean => FORBIDDEN.test(s);

/** A key shown in an error message: the forbidden characters made visible and harmless. */
const printable = (key: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is made visible here.
  key.replace(/\u0000|[\uD800-\uDFFF]/g, (c) => (c === '\u0000' ? '\\u0000' : '\uFFFD'));

/**
 * The dotted path of the first string (value or key) carrying a forbidden character, or null.
 * Iterative, so a deeply nested body cannot overflow the stack.
 */
export function findForbiddenCharacters(root: unknown, rootPath: string): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value: root, path: rootPath }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (hasForbiddenCharacters(value)) return path;
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: `${path}.${i}` });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        if (hasForbiddenCharacters(key)) return `${path}.${printable(key)}`;
        stack.push({ value: child, path: `${path}.${key}` });
      }
    }
  }
  return null;
}

export const invalidCharacters = (field: string) =>
  new AppError(
    'INVALID_CHARACTERS',
    `${field}: contains a NUL character or an unpaired surrogate (not valid text)`,
    400,
    { field },
  );

export function installInputHygiene(app: FastifyInstance): void {
  // preValidation: after the body is parsed, before the route's schema (whose own message would
  // not say what is wrong) and long before any of it reaches SQL.
  app.addHook('preValidation', async (request) => {
    const field =
      findForbiddenCharacters(request.params, 'params') ??
      findForbiddenCharacters(request.query, 'query') ??
      findForbiddenCharacters(request.body, 'body');
    if (field) throw invalidCharacters(field);
  });
}
