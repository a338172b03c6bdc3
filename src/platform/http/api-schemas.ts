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

/**
 * Compile-time proof that a response schema describes what the service returns, so the document
 * cannot drift from the code behind it:
 *
 *   type _OrderMatches = SameType<z.infer<typeof orderSchema>, Order>;
 *
 * fails `npm run typecheck` (TS2344, "does not satisfy the constraint { schemaDiffersFrom: Order }")
 * when a field is missing, extra, optional on one side only, or of another type, at any depth.
 * Mutual assignability, not type identity, so `A & B` and the flat object it equals agree; the
 * second pass with every field made required catches an optional field one side lacks.
 */
export type SameType<A extends AgreeingWith<A, B>, B> = Agrees<A, B>;

/** `unknown` (any A satisfies it) when A and B agree, else a shape A lacks, which names B in the error. */
type AgreeingWith<A, B> = Agrees<A, B> extends true ? unknown : { schemaDiffersFrom: B };

type Agrees<A, B> = MutuallyAssignable<A, B> extends true ? MutuallyAssignable<Filled<A>, Filled<B>> : false;
type MutuallyAssignable<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Every field required, recursively: a field only one side has then shows as a mismatch. */
type Filled<T> = T extends readonly (infer U)[]
  ? Filled<U>[]
  : T extends object
    ? { [K in keyof T]-?: Filled<T[K]> }
    : T;
