/** Merchants' stores and who works in them, as the API and the other modules see them. */
export const MEMBER_ROLES = ['owner', 'staff'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** A qualification document, kept as metadata (the scan lives elsewhere). */
export interface Qualification {
  type: string;
  number: string;
  /** ISO 8601 date or date-time; null for documents that do not expire. */
  expiresAt: string | null;
}

export interface Store {
  id: string;
  name: string;
  mainCategory: string;
  /** 0.0–5.0 with one decimal, for display; `ratingTenths` is what is stored and compared. */
  rating: number;
  ratingTenths: number;
  region: string;
  currency: string;
  qualifications: Qualification[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface StoreMember {
  storeId: string;
  userId: string;
  role: MemberRole;
  createdAt: string;
}

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'revoked';

/** An owner's offer to an e-mail address; membership starts only when its holder accepts. */
export interface StoreInvitation {
  id: string;
  storeId: string;
  storeName: string;
  email: string;
  role: MemberRole;
  invitedBy: string;
  status: InvitationStatus;
  createdAt: string;
  expiresAt: string;
}

/** How long an invitation can be accepted. */
export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * What an action needs: `read` (members and operators), `staff` (any member: catalog,
 * nominations), `owner` (store details and members).
 */
export type StoreAccess = 'read' | 'staff' | 'owner';

/** 48 -> 4.8. Display only; rules compare tenths. */
export const tenthsToRating = (tenths: number) => tenths / 10;

/** 4.8 -> 48, or null when the number has more than one decimal or is outside 0..5. */
export function ratingToTenths(rating: number): number | null {
  const tenths = Math.round(rating * 10);
  if (Math.abs(rating * 10 - tenths) > 1e-9 || tenths < 0 || tenths > 50) return null;
  return tenths;
}
