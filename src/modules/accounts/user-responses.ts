import { z } from 'zod';
import { ROLES } from '../../platform/auth';
import { isoInstant, type SameType } from '../../platform/http/api-schemas';
import type { User } from './model';

/**
 * Answers of the account and user routes (sign-up, sign-in, the signed-in user, operators' user
 * list). The API-key answers live beside the key routes.
 */

export const userSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    locale: z.string().describe('The UI language the user chose, e.g. zh-CN'),
    mustChangePassword: z
      .boolean()
      .describe('The first operator, made with a generated one-time password, has not changed it yet'),
    createdAt: isoInstant(),
  })
  .meta({
    id: 'User',
    example: {
      id: 'usr_01J8Z3',
      email: 'mei@example.com',
      displayName: '美',
      role: 'merchant',
      locale: 'zh-CN',
      mustChangePassword: false,
      createdAt: '2026-10-20T08:00:00.000Z',
    },
  });
type _UserMatches = SameType<z.infer<typeof userSchema>, User>;

/** `{ user }`: sign-up, sign-in, the signed-in user, a role change. */
export const userAnswerSchema = z.object({ user: userSchema });

export const userListSchema = z.object({ items: z.array(userSchema) });

export const passwordChangedSchema = z.object({
  sessionsEnded: z.number().int().describe('Your other sessions that were signed out'),
  apiKeysRevoked: z.number().int().describe('Your API keys revoked (0 unless revokeApiKeys)'),
});

export const reauthenticatedSchema = z.object({
  reauthenticatedAt: isoInstant(),
  validForSeconds: z.number().int().describe('How long sensitive actions are allowed without the password'),
});
