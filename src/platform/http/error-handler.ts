import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, isAppError, serviceUnavailable } from '../errors';
import { KvUnavailableError } from '../kv/kv';
import { dependencyErrorToAppError } from './dependency-errors';
import { fastifyErrorToAppError } from './fastify-errors';
import type { SpaShell } from './page-hints';
import type { PageRenderer } from './page-render';
import { REVALIDATE } from './web-assets';

/** The one HTTP error envelope: `{ error: { code, message, details } }`. */
export interface ErrorEnvelope {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const toField = (instancePath: string) =>
  instancePath.replace(/^\//, '').split('/').filter(Boolean).join('.');

const pathToField = (path: readonly PropertyKey[]) => path.map(String).join('.');

/** A zod issue as the envelope carries it: zod's message, and its rule (so pages can word it). */
interface ZodIssueLike {
  path?: readonly PropertyKey[];
  message: string;
  code?: string;
  origin?: string;
  minimum?: unknown;
  maximum?: unknown;
  format?: string;
}

/**
 * `rule` is zod's issue code (too_small, too_big, invalid_type, invalid_format, invalid_value,
 * custom...) with `origin` (string, number, array...), `minimum`/`maximum` and `format` when zod
 * gives them: the pages' catalogues word a field's error from these, the message is a fallback.
 */
function issueRule(i: ZodIssueLike): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (i.code) out.rule = i.code;
  if (i.origin) out.origin = i.origin;
  if (typeof i.minimum === 'number' || typeof i.minimum === 'bigint') out.minimum = Number(i.minimum);
  if (typeof i.maximum === 'number' || typeof i.maximum === 'bigint') out.maximum = Number(i.maximum);
  if (i.format) out.format = i.format;
  return out;
}

export function zodErrorToAppError(error: ZodError, location = 'body'): AppError {
  const issues = error.issues.map((i) => ({
    field: pathToField(i.path),
    message: i.message,
    ...issueRule(i as ZodIssueLike),
  }));
  const first = issues[0];
  return new AppError(
    'VALIDATION_FAILED',
    first ? `${first.field || location}: ${first.message}` : 'Invalid input',
    400,
    { field: first?.field || location, location, issues },
  );
}

function toAppError(err: FastifyError | Error): AppError {
  if (isAppError(err)) return err;
  if (err instanceof KvUnavailableError)
    return serviceUnavailable('KV_UNAVAILABLE', 'A dependency is unavailable; try again shortly', 2);
  const unavailable = dependencyErrorToAppError(err);
  if (unavailable) return unavailable;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const location = (err as { validationContext?: string }).validationContext ?? 'body';
    const issues = err.validation.map((v) => {
      const issue = (v.params as { issue?: ZodIssueLike & { path?: unknown[] } } | undefined)?.issue;
      return {
        field: toField(v.instancePath) || String(issue?.path ?? ''),
        message: v.message ?? 'is invalid',
        ...(issue ? issueRule(issue) : {}),
      };
    });
    const first = issues[0]!;
    return new AppError('VALIDATION_FAILED', `${first.field || location}: ${first.message}`, 400, {
      // A body that is an array or a string where an object is expected has no inner path.
      field: first.field || location,
      location,
      issues,
    });
  }
  if (err instanceof ZodError) return zodErrorToAppError(err);
  if (isResponseSerializationError(err)) return responseMismatch(err);
  const fastifyErr = err as FastifyError;
  const known = fastifyErrorToAppError(fastifyErr);
  if (known) return known;
  if (fastifyErr.statusCode && fastifyErr.statusCode >= 400 && fastifyErr.statusCode < 500)
    return new AppError(fastifyErr.code ?? 'BAD_REQUEST', fastifyErr.message, fastifyErr.statusCode);
  return new AppError('INTERNAL', 'Something went wrong on our side', 500);
}

/**
 * An answer that does not match its route's documented response schema (the schema the OpenAPI
 * document and the generated client are made from). Never sent half-right: a 500, logged with the
 * mismatch. Under Vitest the issues travel in the answer so the failing route test says what is off.
 */
function responseMismatch(err: Error & { cause?: unknown; method?: string; url?: string }): AppError {
  // zod/v4/core's error, not necessarily the classic ZodError class: read its issues by shape.
  const raw = (err.cause as { issues?: { path: PropertyKey[]; message: string }[] } | undefined)?.issues;
  const issues = raw?.map((i) => ({ field: pathToField(i.path), message: i.message }));
  return new AppError(
    'RESPONSE_INVALID',
    'The answer did not match its documented schema',
    500,
    process.env.VITEST ? { route: `${err.method} ${err.url}`, issues } : undefined,
  );
}

export interface ErrorHandlingOptions {
  /** Answer unknown GET pages (not /api, not /docs) with the SPA's index.html (needs @fastify/static). */
  spaFallback?: boolean;
  /** index.html with a page's hints (page-hints.ts), for the paths that have some. */
  spaShell?: SpaShell;
  /** Public pages drawn on the server inside the shell (page-render.ts). */
  pageRenderer?: PageRenderer;
}

export function installErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(err);
    if (appError.status >= 500 && appError.status !== 503) request.log.error({ err }, 'unhandled error');
    const retryAfter = appError.details?.retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('retry-after', String(retryAfter));
    const body: ErrorEnvelope = {
      error: {
        code: appError.code,
        message: appError.message,
        ...(appError.details ? { details: appError.details } : {}),
      },
    };
    return reply.status(appError.status).send(body);
  });
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (
      options.spaFallback &&
      request.method === 'GET' &&
      !path.startsWith('/api/') &&
      !path.startsWith('/docs')
    ) {
      const rendered = await options.pageRenderer?.render(request, path);
      if (rendered)
        return reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).send(rendered);
      const html = options.spaShell?.htmlFor(path);
      if (html) return reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).send(html);
      return reply.type('text/html').sendFile('index.html');
    }
    const body: ErrorEnvelope = {
      error: { code: 'NOT_FOUND', message: `No route for ${request.method} ${path}` },
    };
    return reply.status(404).send(body);
  });
}
