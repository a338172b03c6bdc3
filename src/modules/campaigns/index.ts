export { calendar as icalCalendar, escapeText as icalText, utc as icalUtc } from './ical';
export type {
  Campaign,
  CampaignDraft,
  CampaignKind,
  CampaignStatus,
  Localized,
  Phase,
  Series,
} from './model';
export { AUDIENCES, CAMPAIGN_KINDS } from './model';
export { campaignFor, type PublicCampaign } from './public-view';
export {
  campaignPageSchema,
  campaignSchema,
  campaignStatusSchema,
  campaignSummarySchema,
  seriesRecordSchema,
} from './responses';
export { campaignsRoutes, VISITOR_COOKIE } from './routes';
export { type CampaignsService, createCampaignsService } from './service';
export type { CampaignTables } from './tables';
export { fromWallTime, localDate, toWallTime, toZonedIso } from './zoned-time';
