import { type RawBuilder, sql } from 'kysely';

/**
 * Text a user typed, made literal inside a LIKE/ILIKE pattern: `%`, `_` and the escape
 * character itself are prefixed with a backslash. Without it a search for `50%` or `a_b`
 * matches far more than asked (and `%` alone lists every row).
 */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * `column ILIKE '%text%' ESCAPE '\'`, with `text` matched literally. The ESCAPE clause is
 * PostgreSQL's default already; it is written out so the pattern does not depend on it.
 */
export function ilikeContains(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} ilike ${`%${escapeLike(text)}%`} escape '\\'`;
}
