import { z } from 'zod';
import { CATEGORY_CODES } from '../catalog';
import { MEMBER_ROLES, ratingToTenths } from './model';

/** Input shapes shared by the HTTP routes and the service (seed). */
const dateOrDateTime = z.iso.datetime({ offset: true }).or(z.iso.date());

export const qualificationSchema = z.object({
  type: z.string().trim().min(1, 'is required').max(60),
  number: z.string().trim().min(1, 'is required').max(100),
  expiresAt: dateOrDateTime.nullable().default(null),
});

export const storeDraftSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(120),
  mainCategory: z.enum(CATEGORY_CODES),
  region: z.string().trim().min(1, 'is required').max(60),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
    .default('CNY'),
  qualifications: z.array(qualificationSchema).max(20).default([]),
});
export type StoreDraft = z.infer<typeof storeDraftSchema>;

export const storePatchSchema = storeDraftSchema
  .omit({ currency: true })
  .partial()
  .extend({ version: z.number().int().positive('is required: the version you edited') });
export type StorePatch = z.infer<typeof storePatchSchema>;

/** 4.8 in, 48 out: one decimal, 0..5. */
export const ratingSchema = z
  .number()
  .refine((v) => ratingToTenths(v) !== null, 'must be 0 to 5 with at most one decimal')
  .transform((v) => ratingToTenths(v)!);

export const setRatingSchema = z.object({
  rating: ratingSchema,
  reason: z.string().trim().min(1, 'is required').max(500),
});

export const memberSchema = z.object({
  userId: z.string().min(1).max(100),
  role: z.enum(MEMBER_ROLES).default('staff'),
});

export const storeListQuerySchema = z.object({
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

// Sensitive membership routes accept the password again instead of a recent re-authentication.
const currentPassword = z.string().min(1).max(200).optional();

export const invitationSchema = z.object({
  email: z.string().trim().email().max(200),
  role: z.enum(MEMBER_ROLES).default('staff'),
  currentPassword,
});

export const memberRoleSchema = z.object({ role: z.enum(MEMBER_ROLES), currentPassword });

/** For routes with no other body: only the optional password confirmation. */
export const confirmationSchema = z.object({ currentPassword }).nullish();
