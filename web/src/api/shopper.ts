import { call, carnival, idempotent, type Schemas } from './typed';

/**
 * The shopper's own things (issue 9): the address book (server: src/modules/addresses) and the
 * 领券中心 (the coupons open for claiming in a campaign, server: src/modules/promotions).
 */

export type Address = Schemas['Address'];
export type ShippingAddress = Schemas['ShippingAddress'];
export type AddressDraft = Omit<Address, 'id' | 'region' | 'isDefault' | 'createdAt' | 'updatedAt'> & {
  isDefault?: boolean;
};
export type ClaimableCoupon = Schemas['Coupon'];

const path = (id: string) => ({ params: { path: { id } } });

export const addressesApi = {
  list: () => call(carnival.GET('/api/me/addresses')).then((r) => r.items),
  create: (key: string, draft: AddressDraft) =>
    call(carnival.POST('/api/me/addresses', { body: draft, headers: idempotent(key) })).then(
      (r) => r.address,
    ),
  update: (id: string, draft: AddressDraft) =>
    call(carnival.PUT('/api/me/addresses/{id}', { ...path(id), body: draft })).then((r) => r.address),
  setDefault: (id: string) =>
    call(carnival.PUT('/api/me/addresses/{id}/default', path(id))).then((r) => r.address),
  remove: async (id: string): Promise<void> => {
    await call(carnival.DELETE('/api/me/addresses/{id}', path(id)));
  },
};

export const couponCentreApi = {
  /** Coupons of the campaign open for claiming now (public). */
  claimable: (campaignId: string) =>
    call(
      carnival.GET('/api/coupons', { params: { query: { campaignId, status: 'active', limit: 50 } } }),
    ).then((r) => r.items),
  claim: (key: string, couponId: string) =>
    call(carnival.POST('/api/coupons/{id}/claim', { ...path(couponId), headers: idempotent(key) })),
};

/** "浙江省 杭州市 西湖区 文三路 90 号": the region (without 市辖区) and the street. */
export function addressLine(a: Pick<Address, 'region' | 'detail'>): string {
  const { province, city, district } = a.region;
  const parts = [province, city === '市辖区' || city === '县' ? '' : city, district].filter(Boolean);
  return `${parts.join(' ')} ${a.detail}`;
}

/** 138****8000: a phone shown on shared screens. */
export const maskPhone = (p: string) => (p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : p);
