export {
  type CampaignPriceChange,
  type CampaignPricesService,
  campaignPriceRoutes,
  campaignsWithApprovedNominations,
  createCampaignPricesService,
  currentCampaignPrice,
  currentCampaignPrices,
} from './campaign-prices';
export { campaignStockLeft, releaseCampaignStock, reserveCampaignStock } from './campaign-stock';
export { checkCommitments, checkItem, checkStore, checkWindow, isOpen, maxCampaignPrice } from './engine';
export type {
  Enrollment,
  EnrollmentRules,
  Nomination,
  NominationItem,
  NominationStatus,
  RuleCode,
  RuleFailure,
  VenueItem,
} from './model';
export { CAMPAIGN_CURRENCY, NOMINATION_STATUSES, RULE_CODES } from './model';
export { enrollmentRoutes } from './routes';
export { type RulesInput, rulesInputSchema } from './schemas';
export { nominationScope } from './scopes';
export { createEnrollmentService, type EnrollmentService } from './service';
export type { EnrollmentTables } from './tables';
export {
  buildVenueScenario,
  campaignPriceId,
  createVenueService,
  loadVenueRules,
  loadVenueSkus,
  type VenueLine,
  type VenueRules,
  type VenueScenario,
  type VenueScenarioInput,
  type VenueService,
  type VenueSku,
  venueScenario,
} from './venue';
export { cachedVenueRules, cachedVenueSkus, invalidateVenue } from './venue-cache';
