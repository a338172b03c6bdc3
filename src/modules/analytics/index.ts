/** The analytics module's public surface (issue 16): the live screen, merchant analytics, the report. */

export { type Aggregator, ANALYTICS_CONSUMER, ANALYTICS_TOPICS, createAggregator } from './aggregator';
export { reportToCsv } from './csv';
export { createScreenHub, type ScreenHub } from './hub';
export { PROVINCES, provinceOfRegion, UNKNOWN_PROVINCE } from './province';
export { analyticsRoutes } from './routes';
export type { CampaignReport, ScreenSnapshot, StoreAnalytics } from './schemas';
export { type AnalyticsDeps, type AnalyticsModule, createAnalyticsModule } from './service';
export { connectedScreens } from './stream';
export type { AnalyticsTables } from './tables';
export {
  type Headline,
  headlineFromOrders,
  headlineFromScreen,
  type Verification,
  verifyCampaign,
} from './verify';
