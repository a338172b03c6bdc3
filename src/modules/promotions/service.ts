import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import { isAppError } from '../../platform/errors';
import type { DB } from '../../schema';
import type { AccountsService } from '../accounts';
import { createAllowance } from './allowance';
import { createBudgets } from './budgets';
import { createClaims } from './claims';
import { createCouponAccess } from './coupon-access';
import { createCouponCodes } from './coupon-codes';
import { createCoupons } from './coupons';

export interface PromotionsDeps {
  db: Kysely<DB>;
  clock: Clock;
  /** The ids of the stores a user works in: the merchants module's `storeIdsOf` (swappable in tests). */
  storeIdsOf: (userId: string) => Promise<string[]>;
  /** The accounts module's lookup by id or email (null when no such user). */
  findUser: (ref: { id: string } | { email: string }) => Promise<{ id: string; role: string } | null>;
}
/**
 * Coupons (issuing, claiming, single-use codes), 购物津贴 and promotion budgets over one set of
 * deps: each role lives in its own file, this one only wires them together.
 */
export function createPromotionsService(deps: PromotionsDeps) {
  const access = createCouponAccess(deps);
  const coupons = createCoupons(deps, access);
  const { claim, wallet } = createClaims(deps);
  const { redeemCode, generateCodes } = createCouponCodes(deps, access);
  const { allowanceAccounts, grantAllowance } = createAllowance(deps);
  const { setBudget, budgets } = createBudgets(deps);

  return {
    create: coupons.create,
    get: coupons.get,
    listClaimable: coupons.listClaimable,
    listManaged: coupons.listManaged,
    setStatus: coupons.setStatus,
    claim,
    redeemCode,
    generateCodes,
    wallet,
    allowanceAccounts,
    grantAllowance,
    setBudget,
    budgets,
  };
}

export type PromotionsService = ReturnType<typeof createPromotionsService>;

/**
 * `findUser` from the accounts module's service: by id, or by exact (case-insensitive) email.
 */
export function findUserWith(
  accounts: Pick<AccountsService, 'getUser' | 'listUsers'>,
): PromotionsDeps['findUser'] {
  return async (ref) => {
    if ('id' in ref) {
      try {
        return await accounts.getUser(ref.id);
      } catch (e) {
        if (isAppError(e) && e.status === 404) return null;
        throw e;
      }
    }
    const email = ref.email.toLowerCase();
    const found = await accounts.listUsers({ q: ref.email, limit: 20, offset: 0 });
    return found.find((u) => u.email.toLowerCase() === email) ?? null;
  };
}
