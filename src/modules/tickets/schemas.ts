import { z } from 'zod';

/** Request bodies of the tickets module (docs/tickets.md). Money is fen; instants ISO 8601. */
const text = (max: number) => z.string().trim().min(1).max(max);
const localized = z.object({ 'zh-CN': text(200), 'en-US': text(200) });
const instant = z.iso.datetime({ offset: true });
const id = z.string().min(1).max(100);

export const ticketTypeDraftSchema = z
  .object({
    name: localized,
    description: z.object({ 'zh-CN': z.string().max(2000), 'en-US': z.string().max(2000) }).optional(),
    price: z.number().int().min(0).max(100_000_000),
    saleStartsAt: instant.nullable().optional(),
    saleEndsAt: instant.nullable().optional(),
    maxPerOrder: z.number().int().min(1).max(100).default(10),
    maxPerAccount: z.number().int().min(1).max(1000).nullable().optional(),
    visibility: z.enum(['public', 'hidden']).default('public'),
    audience: z.enum(['anyone', 'merchants', 'roles']).default('anyone'),
    audienceRoles: z
      .array(z.enum(['consumer', 'merchant', 'operator', 'organizer', 'partner']))
      .max(5)
      .default([]),
    /** Non-empty: an add-on, sold only with (or after) a ticket of one of these types. */
    addonOf: z.array(id).max(20).default([]),
    position: z.number().int().min(0).max(1000).default(0),
  })
  .refine((t) => !t.saleStartsAt || !t.saleEndsAt || t.saleStartsAt < t.saleEndsAt, {
    message: 'saleEndsAt is before saleStartsAt',
    path: ['saleEndsAt'],
  });
export type TicketTypeDraft = z.infer<typeof ticketTypeDraftSchema>;

export const quotaDraftSchema = z.object({
  name: text(100),
  size: z.number().int().min(0).max(1_000_000),
  typeIds: z.array(id).min(1).max(50),
});
export type QuotaDraft = z.infer<typeof quotaDraftSchema>;

export const questionDraftSchema = z
  .object({
    kind: z.enum(['text', 'choice', 'invoice_title', 'dietary']),
    label: localized,
    options: z.array(text(100)).max(50).default([]),
    /** Types whose attendees are asked; empty: every type of the event. */
    typeIds: z.array(id).max(50).default([]),
    required: z.boolean().default(false),
    position: z.number().int().min(0).max(1000).default(0),
  })
  .refine((q) => q.kind !== 'choice' || q.options.length >= 2, {
    message: 'a choice question needs at least two options',
    path: ['options'],
  });
export type QuestionDraft = z.infer<typeof questionDraftSchema>;

export const voucherDraftSchema = z
  .object({
    effect: z.enum(['unlock', 'amount', 'percent', 'reserve']),
    /** amount: fen off each ticket; percent: 1..100; reserve: seats kept for the partner. */
    value: z.number().int().min(0).max(100_000_000).default(0),
    typeIds: z.array(id).max(50).default([]),
    maxUses: z.number().int().min(1).max(10_000).default(1),
    validFrom: instant.nullable().optional(),
    validUntil: instant.nullable().optional(),
    /** One code (`code`) or `count` generated ones starting with `prefix`. */
    code: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_-]{4,40}$/, '4 to 40 letters, digits, - or _')
      .optional(),
    count: z.number().int().min(1).max(1000).default(1),
    prefix: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{0,12}$/)
      .default(''),
  })
  .refine((v) => v.effect !== 'percent' || (v.value >= 1 && v.value <= 100), {
    message: 'a percent discount is 1 to 100',
    path: ['value'],
  })
  .refine((v) => v.effect !== 'reserve' || (v.value >= 1 && v.typeIds.length === 1), {
    message: 'a reservation keeps at least one seat of exactly one type',
    path: ['value'],
  })
  .refine((v) => !v.code || v.count === 1, { message: 'a fixed code is one voucher', path: ['count'] });
export type VoucherDraft = z.infer<typeof voucherDraftSchema>;

export const settingsSchema = z.object({
  holdMinutes: z.number().int().min(1).max(120),
  offerHours: z.number().int().min(1).max(240),
});

export const holdBodySchema = z.object({
  items: z
    .array(
      z.object({
        typeId: id,
        quantity: z.number().int().min(1).max(100),
      }),
    )
    .min(1)
    .max(20),
  voucherCode: z.string().trim().min(1).max(60).optional(),
});
export type HoldBody = z.infer<typeof holdBodySchema>;

export const attendeeSchema = z.object({
  name: text(100),
  email: z.email().max(200),
  company: z.string().trim().max(200).default(''),
  /** questionId -> answer. */
  answers: z.record(z.string().max(100), z.string().max(1000)).default({}),
});
export type AttendeeInput = z.infer<typeof attendeeSchema>;

export const checkoutBodySchema = z.object({
  /** One per ticket, in the order of the hold's items and quantities. */
  attendees: z.array(attendeeSchema).min(1).max(200),
});

export const transferBodySchema = z.object({
  name: text(100),
  email: z.email().max(200),
  company: z.string().trim().max(200).default(''),
});

export const waitlistJoinSchema = z.object({ email: z.email().max(200).optional() });
export const prioritySchema = z.object({ priority: z.number().int().min(-1000).max(1000) });
export const reasonSchema = z.object({ reason: z.string().trim().max(500).default('') });
