import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors';

/**
 * Fastify's own refusals (malformed URL, over-long path parameter, wrong or oversized body)
 * as AppErrors with stable codes and the input they concern in `details.field`, so that a
 * client sees one error envelope whatever layer said no.
 */
export function fastifyErrorToAppError(err: FastifyError): AppError | null {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('BAD_JSON', 'The request body is not valid JSON', 400, { field: 'body' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'The Content-Type is not accepted; send application/json',
        415,
        { field: 'Content-Type' },
      );
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('BODY_TOO_LARGE', 'The request body is larger than this server accepts', 413, {
        field: 'body',
      });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('BAD_CONTENT_LENGTH', 'Content-Length does not match the body', 400, {
        field: 'Content-Length',
      });
    case 'FST_ERR_BAD_URL':
      return new AppError('BAD_URL', 'The URL is malformed (bad percent-encoding)', 400, { field: 'url' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('URI_TOO_LONG', 'A path segment of the URL is too long', 414, { field: 'url' });
    case 'FST_ERR_ASYNC_CONSTRAINT':
      return new AppError('BAD_REQUEST', 'The request could not be routed', 400, { field: 'url' });
    default:
      return null;
  }
}

/**
 * Fastify's `frameworkErrors` option: the errors raised before routing (no route, no hooks, so
 * the error handler never sees them). Answers in the envelope with the basic safety headers.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const appError =
    fastifyErrorToAppError(err) ?? new AppError('BAD_REQUEST', 'The request is malformed', 400);
  return reply
    .status(appError.status)
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; frame-ancestors 'none'")
    .send({ error: { code: appError.code, message: appError.message, details: appError.details } });
}
