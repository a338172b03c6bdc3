import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Frequent statements as named prepared statements, per pooled connection.
 *
 * Kysely sends every query as an unnamed statement, so PostgreSQL parses and plans it on every
 * call. On the checkout that was most of the database's CPU (measured with
 * log_min_duration_statement: parse + bind took 3.3 ms of a checkout's statements, execution
 * under 2 ms outside lock waits). A statement whose text this process has seen `after` times
 * is sent with a name derived from its text instead: node-postgres then parses it once per
 * connection, and PostgreSQL keeps its plan (custom plans first, a generic one once it is as
 * good, as for any prepared statement).
 *
 * Bounded both ways: texts seen fewer times (one-off reports, IN lists of every length) stay
 * unnamed, and each connection holds at most `perConnection` of them. Only queries with
 * parameters are named; the simple protocol (no parameters, possibly several statements) is
 * left alone. A pooler in transaction mode (PgBouncer) cannot carry named statements across
 * server connections; set CARNIVAL_DB_PREPARE=0 behind one.
 */
export interface PreparedOptions {
  /** Times a text is seen before it is prepared. Default 3. */
  after?: number;
  /** Prepared statements per connection at most. Default 100. */
  perConnection?: number;
}

/** Texts tracked for their counts at most; past it, counting starts afresh (hot texts come back first). */
const MAX_TRACKED = 5_000;

export function prepareFrequentStatements(pool: pg.Pool, options: PreparedOptions = {}): void {
  const after = options.after ?? 3;
  const perConnection = options.perConnection ?? 100;
  const seen = new Map<string, number>();
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      if (names.size >= MAX_TRACKED) names.clear();
      name = `c_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
      names.set(text, name);
    }
    return name;
  };

  pool.on('connect', (client: pg.PoolClient) => {
    const prepared = new Set<string>();
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (config: unknown, values?: unknown, callback?: unknown) => {
      if (typeof config !== 'string' || !Array.isArray(values) || values.length === 0)
        return query(config, values, callback);
      let named = prepared.has(config);
      if (!named && prepared.size < perConnection) {
        const n = (seen.get(config) ?? 0) + 1;
        if (seen.size >= MAX_TRACKED && !seen.has(config)) seen.clear();
        seen.set(config, n);
        if (n >= after) {
          prepared.add(config);
          named = true;
        }
      }
      if (!named) return query(config, values, callback);
      return query({ name: nameOf(config), text: config, values }, callback);
    };
  });
}
