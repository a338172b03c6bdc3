import type { FastifyRequest } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { $ZodType, safeParse } from 'zod/v4/core';
import { apiErrorSchema } from './api-schemas';

/**
 * Serializes every answer through its route's response schema, the schema the OpenAPI document
 * and the generated client are made from. A value of the wrong type is refused (500
 * RESPONSE_INVALID, error-handler.ts); fields the schema does not name are dropped, so nothing
 * undocumented (a password hash joined in by mistake) leaves the server.
 *
 * `strict` (under Vitest, or CARNIVAL_STRICT_RESPONSES=1) also refuses an answer that had fields
 * the schema would drop: there the document and the answer disagree, and the route test that
 * made the answer fails naming the field instead of a page silently losing it.
 */
export function createResponseSerializer({ strict }: { strict: boolean }) {
  return ({ schema, method, url }: { schema: unknown; method: string; url: string }) => {
    const zodSchema = resolveSchema(schema);
    return (data: unknown): string => JSON.stringify(checkAnswer(zodSchema, data, { method, url, strict }));
  };
}

/**
 * The answer parsed by its schema (what is sent); throws the serializer's error on a value of the
 * wrong type, and when `strict` also on a field the schema would drop.
 */
function checkAnswer(
  schema: $ZodType,
  data: unknown,
  { method, url, strict }: { method: string; url: string; strict: boolean },
): unknown {
  const result = safeParse(schema, data);
  if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
  if (strict) {
    const dropped = droppedFields(data, result.data);
    if (dropped.length)
      throw new ResponseSerializationError(method, url, {
        cause: new z.ZodError(
          dropped.map((path) => ({
            path,
            code: 'custom' as const,
            input: undefined,
            message: 'is not in the documented response schema',
          })),
        ),
      });
  }
  return result.data;
}

/**
 * Checks an answer sent as stored text, which Fastify sends as is without the serializer: an
 * idempotent answer (idempotent-reply.ts, first time and replay alike) and a replayed idempotent
 * create (idempotent-route.ts). Under the same switch as the strict serializer, so such an answer
 * is held to its route's documented schema like any other; in production the stored bytes are
 * sent untouched (a retry must get the very same answer). Routes that document no answer yet are
 * left alone; a success status the route does not document is a mismatch.
 */
export function checkStoredAnswer(
  request: FastifyRequest,
  status: number,
  text: string,
  strict = strictResponsesByDefault(),
): void {
  if (!strict) return;
  const method = request.method;
  const url = request.routeOptions.url ?? request.url;
  const responses = (request.routeOptions.schema as { response?: Record<string, unknown> } | undefined)
    ?.response;
  if (!responses || Object.keys(responses).length === 0) return;
  const schema =
    status >= 400
      ? apiErrorSchema
      : (responses[String(status)] ??
        responses[`${String(status)[0]}xx`] ??
        responses[`${String(status)[0]}XX`]);
  if (schema === undefined)
    throw new ResponseSerializationError(method, url, {
      cause: new z.ZodError([
        {
          path: [],
          code: 'custom',
          input: undefined,
          message: `status ${status} is not a documented answer`,
        },
      ]),
    });
  checkAnswer(resolveSchema(schema), JSON.parse(text), { method, url, strict });
}

export const strictResponsesByDefault = () =>
  Boolean(process.env.VITEST) || process.env.CARNIVAL_STRICT_RESPONSES === '1';

function resolveSchema(schema: unknown): $ZodType {
  if (schema instanceof $ZodType) return schema;
  const inner = (schema as { properties?: unknown } | null)?.properties;
  if (inner instanceof $ZodType) return inner;
  throw new Error(`A route's response schema is not a zod schema: ${JSON.stringify(schema)}`);
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Paths of the fields present (not undefined) in `sent` that the parsed output no longer has. */
export function droppedFields(
  sent: unknown,
  parsed: unknown,
  path: (string | number)[] = [],
): (string | number)[][] {
  if (Array.isArray(sent) && Array.isArray(parsed))
    return sent.flatMap((item, i) => droppedFields(item, parsed[i], [...path, i]));
  if (!isPlainObject(sent) || !isPlainObject(parsed)) return [];
  return Object.entries(sent).flatMap(([key, value]) => {
    if (value === undefined) return [];
    if (!(key in parsed)) return [[...path, key]];
    return droppedFields(value, parsed[key], [...path, key]);
  });
}
