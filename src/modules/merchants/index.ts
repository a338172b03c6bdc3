export type { MemberRole, Qualification, Store, StoreAccess, StoreMember } from './model';
export { MEMBER_ROLES, ratingToTenths, tenthsToRating } from './model';
export {
  storeInvitationSchema,
  storeMemberSchema,
  storeSchema,
} from './responses';
export { merchantsRoutes } from './routes';
export { type StoreDraft, storeDraftSchema } from './schemas';
export { createMerchantsService, type MerchantsService, type StoreAccessResult } from './service';
export type { MerchantTables } from './tables';
