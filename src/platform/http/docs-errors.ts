import { apiErrorSchema } from './api-schemas';

/** Importing the schema registers it; the reference below names its component. */
void apiErrorSchema;
const API_ERROR_REF = { $ref: '#/components/schemas/ApiError' };
/** Always JSON, even on a route whose success answer is text (`produces: ['text/plain']`). */
const API_ERROR_CONTENT = { content: { 'application/json': { schema: API_ERROR_REF } } };

/**
 * Wraps @fastify/swagger's transform so every operation documents its failures: any 4xx or 5xx
 * answer is the error envelope (platform/http/error-handler.ts). The generated client types
 * `error` from these, so a caller reads `error.error.code` without a cast.
 */
export function withErrorResponses<I, O extends { schema?: unknown }>(
  transform: (input: I) => O,
): (input: I) => O {
  return (input) => {
    const out = transform(input);
    const schema = out.schema as { hide?: boolean; response?: Record<string, unknown> } | undefined;
    if (!schema || schema.hide) return out;
    const response = {
      ...schema.response,
      '4xx': {
        description: 'Refused: the error envelope names the reason in `error.code`',
        ...API_ERROR_CONTENT,
      },
      '5xx': { description: 'Unavailable or failed: the error envelope', ...API_ERROR_CONTENT },
    };
    return { ...out, schema: { ...schema, response } };
  };
}
