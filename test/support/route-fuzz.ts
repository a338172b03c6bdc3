/**
 * The route fuzz's inputs: each operation of the server's OpenAPI document with a sample body and
 * query made from its own schema, and that sample spoiled in the ways an attacker or a broken
 * client spoils input (test/route-fuzz.test.ts).
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  nullable?: boolean;
  default?: unknown;
}

export interface Operation {
  method: string;
  path: string;
  /** `METHOD /path` as the OpenAPI document names it. */
  name: string;
  body: JsonSchema | null;
  query: Record<string, JsonSchema>;
}

export interface Mutation {
  name: string;
  body?: unknown;
  query?: Record<string, string>;
}

interface OpenApiOperation {
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

export function operationsOf(doc: {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, JsonSchema> };
}): Operation[] {
  const refs = doc.components?.schemas ?? {};
  const resolve = (s: JsonSchema | undefined, depth = 0): JsonSchema | null => {
    if (!s || depth > 8) return null;
    if (s.$ref) return resolve(refs[s.$ref.split('/').pop()!], depth + 1);
    return s;
  };
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, raw] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = raw as OpenApiOperation;
      const query: Record<string, JsonSchema> = {};
      for (const p of op.parameters ?? []) if (p.in === 'query') query[p.name] = resolve(p.schema) ?? {};
      const body = resolve(op.requestBody?.content?.['application/json']?.schema);
      out.push({ method: method.toUpperCase(), path, name: `${method.toUpperCase()} ${path}`, body, query });
    }
  }
  return out;
}

const firstType = (s: JsonSchema): string | undefined => {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  if (s.properties) return 'object';
  if (s.items) return 'array';
  return undefined;
};

/** A real id for a field named like `storeId` or `typeIds`, when the walk knows one. */
export type IdForField = (field: string) => string | undefined;

/**
 * A value the schema accepts, as far as a schema says (formats and bounds are honoured; a field
 * named for an id gets a real one, so the request gets past its lookups).
 */
export function sampleOf(s: JsonSchema, depth = 0, idFor: IdForField = () => undefined, field = ''): unknown {
  if (depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length)
    return sampleOf(alt.find((a) => firstType(a) !== 'null') ?? alt[0]!, depth + 1, idFor, field);
  if (s.allOf?.length) return Object.assign({}, ...s.allOf.map((a) => sampleOf(a, depth + 1, idFor, field)));
  switch (firstType(s)) {
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) obj[k] = sampleOf(v, depth + 1, idFor, k);
      return obj;
    }
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () =>
        sampleOf(s.items ?? {}, depth + 1, idFor, field.endsWith('Ids') ? field.slice(0, -1) : field),
      );
    case 'integer':
      return Math.max(s.minimum ?? 1, 1);
    case 'number':
      return Math.max(s.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'string':
      return (field.endsWith('Id') && idFor(field)) || sampleString(s);
    default:
      return 'a';
  }
}

function sampleString(s: JsonSchema): string {
  switch (s.format) {
    case 'date-time':
      return '2026-12-10T02:00:00.000Z';
    case 'date':
      return '2026-12-10';
    case 'email':
      return 'fuzz@test.local';
    case 'uri':
    case 'url':
      return 'https://example.com/x';
    default: {
      const n = Math.max(s.minLength ?? 1, 1);
      return 'a'.repeat(Math.min(n, s.maxLength ?? n));
    }
  }
}

type Path = (string | number)[];

/** Every leaf of a sample, with its path and kind. */
function leaves(v: unknown, at: Path = []): { at: Path; kind: string }[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => leaves(x, [...at, i]));
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => leaves(x, [...at, k]));
  return [{ at, kind: typeof v }];
}

function setAt(root: unknown, at: Path, value: unknown): unknown {
  const copy = structuredClone(root);
  if (at.length === 0) return value;
  let node = copy as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[at.at(-1)!] = value;
  return copy;
}

const HUGE = 'x'.repeat(200_000);
const NUL = 'a\u0000b';

/** The sample, then the sample spoiled one way at a time (at most a few per kind). */
export function mutationsOf(op: Operation, idFor: IdForField = () => undefined): Mutation[] {
  const out: Mutation[] = [];
  const queryNames = Object.keys(op.query);
  const sampleQuery = Object.fromEntries(queryNames.map((n) => [n, String(sampleOf(op.query[n]!))]));
  if (op.body === null) {
    out.push({ name: 'plain', ...(queryNames.length ? { query: sampleQuery } : {}) });
  } else {
    const sample = sampleOf(op.body, 0, idFor);
    out.push({ name: 'sample', body: sample, query: sampleQuery });
    const all = leaves(sample);
    const strings = all.filter((l) => l.kind === 'string').slice(0, 4);
    const numbers = all.filter((l) => l.kind === 'number').slice(0, 3);
    for (const l of strings) {
      out.push({ name: `nul ${l.at.join('.')}`, body: setAt(sample, l.at, NUL) });
      out.push({ name: `number for ${l.at.join('.')}`, body: setAt(sample, l.at, 12) });
    }
    if (strings[0])
      out.push({ name: `huge ${strings[0].at.join('.')}`, body: setAt(sample, strings[0].at, HUGE) });
    for (const l of numbers) {
      out.push({ name: `2^60 ${l.at.join('.')}`, body: setAt(sample, l.at, 2 ** 60) });
      out.push({ name: `-1 ${l.at.join('.')}`, body: setAt(sample, l.at, -1) });
      out.push({ name: `0.5 ${l.at.join('.')}`, body: setAt(sample, l.at, 0.5) });
      out.push({ name: `string for ${l.at.join('.')}`, body: setAt(sample, l.at, '1e999') });
    }
    for (const l of all.filter((x) => x.at.length > 0).slice(0, 3)) {
      out.push({ name: `object for ${l.at.join('.')}`, body: setAt(sample, l.at, { $gt: '' }) });
      out.push({ name: `null for ${l.at.join('.')}`, body: setAt(sample, l.at, null) });
    }
    out.push({ name: 'array body', body: [sample] });
    out.push({ name: 'empty body', body: {} });
  }
  for (const n of queryNames.slice(0, 4)) {
    out.push({ name: `nul query ${n}`, query: { ...sampleQuery, [n]: NUL } });
    out.push({ name: `huge query ${n}`, query: { ...sampleQuery, [n]: HUGE.slice(0, 5000) } });
    out.push({ name: `negative query ${n}`, query: { ...sampleQuery, [n]: '-99999999999999999999' } });
  }
  return out;
}
