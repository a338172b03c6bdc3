import { z } from 'zod';

/**
 * Response models shared by every module, registered by id so the OpenAPI document names them once
 * (`#/components/schemas/ApiError`) and the generated client (client/schema.d.ts) exports them.
 * A module's own models live in its schemas.ts, registered the same way (`.meta({ id })`).
 */

/** The one error envelope (platform/http/error-handler.ts); every 4xx and 5xx answer has it. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('Stable, machine-readable: clients key their messages by it'),
      message: z.string().describe('English, for logs and developers; UIs show their own text'),
      details: z
        .record(z.string(), z.unknown())
        .optional()
        .describe('e.g. `field` and `issues` for VALIDATION_FAILED, `requiredScope`, `retryAfterSeconds`'),
    }),
  })
  .meta({ id: 'ApiError', description: 'The error envelope of every 4xx and 5xx answer' });

/** A localized text, zh-CN first (the UI's languages). */
export const localizedSchema = z
  .object({ 'zh-CN': z.string(), 'en-US': z.string() })
  .meta({ id: 'Localized' });

/** Fen (1/100 yuan): money is an integer in minor units everywhere. */
export const fen = () => z.number().int();

/** An instant as ISO 8601 text (what every service returns, never a Date). */
export const isoInstant = () => z.string();

/** `{ ok: true }`: the answer of an action with nothing else to say. */
export const okSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });

/** An empty 204 answer, for `response: { 204: noContent }`. */
export const noContent = z.null().describe('No content');
