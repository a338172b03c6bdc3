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
export { createEnrollmentService, type EnrollmentService } from './service';
export type { EnrollmentTables } from './tables';
export { campaignPriceId, createVenueService, type VenueService } from './venue';
export { campaignStockLeft, releaseCampaignStock, reserveCampaignStock } from './campaign-stock';
export { type VenueLine, type VenueScenario, venueScenario } from './venue';
