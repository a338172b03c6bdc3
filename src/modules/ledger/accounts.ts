import type { AccountSpec } from './model';

/**
 * Well-known accounts. An account's code says everything about it (owner, purpose, currency),
 * so post() can create it on first use from the code alone; there is no other way to make one.
 *
 * Which accounts may go negative: only those holding money *for someone else* are guarded
 * (a customer's wallet, a charity's escrow). A store's payable may go negative (a refund after a
 * payout leaves the store owing the platform); a payout guards it per posting with
 * `requireNonNegative`. Platform accounts may go negative by timing (clearing before a gateway
 * settles, external funding by definition).
 */
export const DEFAULT_CURRENCY = 'CNY';

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const CURRENCY = /^[A-Z]{3}$/;

function checkId(what: string, id: string): string {
  if (!ID.test(id)) throw new RangeError(`${what} must match ${ID} to be part of an account code`);
  return id;
}

function checkCurrency(currency: string): string {
  if (!CURRENCY.test(currency)) throw new RangeError(`currency must be an ISO 4217 code, got '${currency}'`);
  return currency;
}

/** The platform's liability to a customer: their stored value. Never negative. */
export const customerWallet = (userId: string, currency = DEFAULT_CURRENCY) =>
  `customer:${checkId('userId', userId)}:wallet:${checkCurrency(currency)}`;

/** What the platform owes a store for its sales (net of store-funded discounts). */
export const merchantPayable = (storeId: string, currency = DEFAULT_CURRENCY) =>
  `store:${checkId('storeId', storeId)}:payable:${checkCurrency(currency)}`;

/**
 * Optional contra account of a store's payable: store-funded discounts shown separately.
 * When used, credit the payable with the gross and debit this with the store's share; the
 * store is then owed `payable - promotion expense`.
 */
export const merchantPromotionExpense = (storeId: string, currency = DEFAULT_CURRENCY) =>
  `store:${checkId('storeId', storeId)}:promotion_expense:${checkCurrency(currency)}`;

/** What the platform owes an event organizer for its ticket sales (paid like a store's payable). */
export const organizerPayable = (organizerId: string, currency = DEFAULT_CURRENCY) =>
  `organizer:${checkId('organizerId', organizerId)}:payable:${checkCurrency(currency)}`;

/**
 * Donations held for a charity until disbursed. Never negative. The charity module keys it by
 * project (`cpj_…`), so each project's escrow is its donations minus its disbursements.
 */
export const charityEscrow = (charityId: string, currency = DEFAULT_CURRENCY) =>
  `charity:${checkId('charityId', charityId)}:escrow:${checkCurrency(currency)}`;

/** Money a payment provider (or the wallet) has taken for us and not yet settled. */
export const platformClearing = (currency = DEFAULT_CURRENCY) =>
  `platform:clearing:${checkCurrency(currency)}`;

/** Discounts the platform funds (platform coupons, cross-store promotions). */
export const platformPromotionExpense = (currency = DEFAULT_CURRENCY) =>
  `platform:promotion_expense:${checkCurrency(currency)}`;

/** Commissions and fees the platform earns. */
export const platformRevenue = (currency = DEFAULT_CURRENCY) => `platform:revenue:${checkCurrency(currency)}`;

/**
 * The outside world as seen by the platform's books: cash that came in (demo top-ups, gateway
 * settlements) or went out (payouts). An asset that may go negative.
 */
export const externalFunding = (currency = DEFAULT_CURRENCY) =>
  `platform:external_funding:${checkCurrency(currency)}`;

type Rule = Omit<AccountSpec, 'code' | 'ownerId' | 'currency'>;

const OWNED: Record<string, Record<string, Rule>> = {
  customer: { wallet: { type: 'liability', ownerType: 'customer', allowNegative: false } },
  store: {
    payable: { type: 'liability', ownerType: 'store', allowNegative: true },
    promotion_expense: { type: 'expense', ownerType: 'store', allowNegative: true },
  },
  organizer: { payable: { type: 'liability', ownerType: 'organizer', allowNegative: true } },
  charity: { escrow: { type: 'liability', ownerType: 'charity', allowNegative: false } },
};

const PLATFORM: Record<string, Rule> = {
  clearing: { type: 'asset', ownerType: 'platform', allowNegative: true },
  promotion_expense: { type: 'expense', ownerType: 'platform', allowNegative: true },
  revenue: { type: 'revenue', ownerType: 'platform', allowNegative: true },
  external_funding: { type: 'asset', ownerType: 'platform', allowNegative: true },
};

/** The spec of a well-known account code, or null when the code is not one. */
export function parseAccountCode(code: string): AccountSpec | null {
  const parts = code.split(':');
  if (parts.length === 3 && parts[0] === 'platform') {
    const [, purpose, currency] = parts as [string, string, string];
    const rule = Object.hasOwn(PLATFORM, purpose) ? PLATFORM[purpose] : undefined;
    if (!rule || !CURRENCY.test(currency)) return null;
    return { code, ...rule, ownerId: null, currency };
  }
  if (parts.length === 4) {
    const [owner, id, purpose, currency] = parts as [string, string, string, string];
    const rules = Object.hasOwn(OWNED, owner) ? OWNED[owner] : undefined;
    const rule = rules && Object.hasOwn(rules, purpose) ? rules[purpose] : undefined;
    if (!rule || !ID.test(id) || !CURRENCY.test(currency)) return null;
    return { code, ...rule, ownerId: id, currency };
  }
  return null;
}
