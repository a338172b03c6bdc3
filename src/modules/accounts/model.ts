import type { Role, Scope } from '../../platform/auth';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: string;
  mustChangePassword: boolean;
  createdAt: string;
}

export interface ApiKeyInfo {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  scopes: Scope[];
  /** Null: every store (campaign) the owner may touch. */
  storeIds: string[] | null;
  campaignIds: string[] | null;
  /** Null: the configured default rate. */
  ratePerMinute: number | null;
}

/** Roles a visitor may pick at sign-up; operator is granted only by another operator. */
export const SELF_SERVICE_ROLES = [
  'consumer',
  'merchant',
  'organizer',
  'partner',
] as const satisfies readonly Role[];

export const SESSION_COOKIE = 'carnival_session';
export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
