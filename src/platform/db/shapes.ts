import { type Compilable, CompiledQuery, type InferResult } from 'kysely';

/**
 * Compiles a hot query once per shape and reuses its SQL text, binding each call's values by
 * position. Building and compiling a Kysely query is not free (the checkout's merged read took
 * about 0.5 ms of CPU to build and compile, more than PostgreSQL took to run it); a statement
 * the checkout sends hundreds of times a second with the same structure need not pay it each
 * time. The same text also lets prepared.ts keep one prepared statement for it.
 *
 * `build` receives stand-ins for the values (unique strings, the same structure: plain
 * objects and arrays are walked, anything else is a value) and must use every value only as a
 * query parameter, never decide the query's structure by it: whatever decides the structure
 * (how many lines, whether an option is set) belongs in `shape`.
 */
export type ShapeBuilder<V, Q extends Compilable> = (values: V) => Q;

interface Template {
  sql: string;
  /** Per parameter: a path into the values, or a constant the builder put there itself. */
  slots: ({ path: (string | number)[] } | { constant: unknown })[];
}

const MARK = '\u0000shape-value:';

function standIns(
  value: unknown,
  path: (string | number)[],
  paths: Map<string, (string | number)[]>,
): unknown {
  if (Array.isArray(value)) return value.map((v, i) => standIns(v, [...path, i], paths));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, standIns(v, [...path, k], paths)]),
    );
  const mark = `${MARK}${paths.size}`;
  paths.set(mark, path);
  return mark;
}

function at(values: unknown, path: (string | number)[]): unknown {
  let v = values as Record<string | number, unknown>;
  for (const k of path) v = v[k] as Record<string | number, unknown>;
  return v;
}

export function createShapeCache(max = 500) {
  const templates = new Map<string, Template>();
  return function compiled<V, Q extends Compilable>(
    shape: string,
    values: V,
    build: ShapeBuilder<V, Q>,
  ): CompiledQuery<InferResult<Q>[number]> {
    let t = templates.get(shape);
    if (!t) {
      const paths = new Map<string, (string | number)[]>();
      const q = build(standIns(values, [], paths) as V).compile();
      t = {
        sql: q.sql,
        slots: q.parameters.map((p) => {
          const path = typeof p === 'string' ? paths.get(p) : undefined;
          return path ? { path } : { constant: p };
        }),
      };
      if (templates.size >= max) templates.clear();
      templates.set(shape, t);
    }
    const parameters = t.slots.map((s) => ('path' in s ? at(values, s.path) : s.constant));
    return CompiledQuery.raw(t.sql, parameters) as CompiledQuery<InferResult<Q>[number]>;
  };
}
