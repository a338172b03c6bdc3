import { z } from 'zod';

/**
 * The abuse limits (issue 7, point 5), one object in the Config. Every number has a default
 * meant for production: generous enough that people never meet the write limits, tight on the
 * routes attackers script (sign-up, coupon claims, code guesses, the anonymous quote).
 * Overridden as a whole or in part by the JSON env CARNIVAL_LIMITS, e.g.
 * `{"writesPerActor":{"max":1000},"unpaidOrdersPerCustomer":10}`.
 */
const window = (max: number, windowSeconds: number) =>
  z
    .object({
      max: z.number().int().min(0).default(max),
      windowSeconds: z.number().int().positive().default(windowSeconds),
    })
    .prefault({});

export const limitsSchema = z
  .object({
    /** Every state-changing request of a signed-in user, all routes together. */
    writesPerActor: window(300, 60),
    /** Every state-changing request of an anonymous client, keyed by IP. */
    writesPerIp: window(120, 60),
    signupPerIp: window(10, 3600),
    couponClaimPerCustomer: window(30, 60),
    couponClaimPerIp: window(60, 60),
    /** Wrong redemption-code guesses (right ones are given back). */
    codeGuessPerCustomer: window(10, 3600),
    quotePerIp: window(60, 60),
    /** Proposals submitted and co-speakers invited by one user (the CfP's public writes). */
    cfpSubmitPerActor: window(30, 3600),
    /** Reads of the public transparency logs (checkpoints, entries, proofs) by one IP. */
    transparencyPerIp: window(600, 60),
    /** Requests a minute of an API key that names no rate of its own (issue 13). */
    apiKeyPerMinute: z.number().int().positive().default(600),
    /** The most an operator may give one key; other owners may only go at or below the default. */
    apiKeyMaxPerMinute: z.number().int().positive().default(6000),
    /** Caps of the anonymous POST /api/pricing/quote, so one request cannot hold the event loop. */
    quoteMaxLines: z.number().int().positive().default(200),
    quoteMaxPromotions: z.number().int().positive().default(100),
    /** Entries of one list inside a promotion (skus, stores, excludeSkus, tiers) or customer.coupons. */
    quoteMaxListEntries: z.number().int().positive().default(100),
    /** Orders a customer may leave unpaid at once (each holds stock until it is paid or times out). */
    unpaidOrdersPerCustomer: z.number().int().positive().default(5),
    /** Units of one campaign SKU one customer may hold across unpaid orders. */
    heldUnitsPerSku: z.number().int().positive().default(10),
  })
  .strict()
  .prefault({});

export type Limits = z.infer<typeof limitsSchema>;
export type WindowLimitName = {
  [K in keyof Limits]: Limits[K] extends { max: number; windowSeconds: number } ? K : never;
}[keyof Limits];

/** CARNIVAL_LIMITS is JSON; a typo must fail the start rather than silently keep a default. */
export function parseLimitsEnv(text: string | undefined): unknown {
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('Invalid configuration: limits: CARNIVAL_LIMITS is not valid JSON');
  }
}
