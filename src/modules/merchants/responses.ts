import { z } from 'zod';
import { isoInstant, type SameType } from '../../platform/http/api-schemas';
import {
  MEMBER_ROLES,
  type Qualification,
  type Store,
  type StoreInvitation,
  type StoreMember,
} from './model';
import type { MerchantsService } from './service';

/** Answers of the store and membership routes. */

const qualificationSchema = z
  .object({
    type: z.string().describe('e.g. business_license'),
    number: z.string(),
    expiresAt: z
      .string()
      .nullable()
      .describe('ISO 8601 date or date-time; null for documents that do not expire'),
  })
  .meta({ id: 'StoreQualification' });
type _QualificationMatches = SameType<z.infer<typeof qualificationSchema>, Qualification>;

export const storeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    mainCategory: z.string().describe('A catalog category code (GET /api/categories)'),
    rating: z.number().describe('0.0 to 5.0 with one decimal, for display'),
    ratingTenths: z.number().int().describe('The rating in tenths (48 is 4.8): what rules compare'),
    region: z.string(),
    currency: z.string().describe('ISO 4217, e.g. CNY'),
    qualifications: z.array(qualificationSchema),
    version: z.number().int().describe('Send it back with an edit: a stale version is refused'),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .meta({
    id: 'Store',
    example: {
      id: 'sto_01J8Z3',
      name: '西湖茶庄',
      mainCategory: 'food',
      rating: 4.8,
      ratingTenths: 48,
      region: '浙江',
      currency: 'CNY',
      qualifications: [{ type: 'business_license', number: '91330100MA2XXXXX', expiresAt: null }],
      version: 1,
      createdAt: '2026-10-01T08:00:00.000Z',
      updatedAt: '2026-10-01T08:00:00.000Z',
    },
  });
type _StoreMatches = SameType<z.infer<typeof storeSchema>, Store>;

export const storeAnswerSchema = z.object({ store: storeSchema });
export const storeListSchema = z.object({
  items: z.array(storeSchema),
  total: z.number().int().describe('Every store that matches, past this page'),
});
type _ListMatches = SameType<z.infer<typeof storeListSchema>, Awaited<ReturnType<MerchantsService['list']>>>;

export const storeMemberSchema = z
  .object({
    storeId: z.string(),
    userId: z.string(),
    role: z.enum(MEMBER_ROLES),
    createdAt: isoInstant(),
  })
  .meta({ id: 'StoreMember' });
type _MemberMatches = SameType<z.infer<typeof storeMemberSchema>, StoreMember>;

export const storeMemberAnswerSchema = z.object({ member: storeMemberSchema });
export const storeMemberListSchema = z.object({ items: z.array(storeMemberSchema) });

export const storeInvitationSchema = z
  .object({
    id: z.string(),
    storeId: z.string(),
    storeName: z.string(),
    email: z.string(),
    role: z.enum(MEMBER_ROLES),
    invitedBy: z.string().describe('The user id of the owner who invited'),
    status: z.enum(['pending', 'accepted', 'declined', 'expired', 'revoked']),
    createdAt: isoInstant(),
    expiresAt: isoInstant(),
  })
  .meta({ id: 'StoreInvitation' });
type _InvitationMatches = SameType<z.infer<typeof storeInvitationSchema>, StoreInvitation>;

export const storeInvitationAnswerSchema = z.object({ invitation: storeInvitationSchema });
export const storeInvitationListSchema = z.object({ items: z.array(storeInvitationSchema) });
