export { authApi, type SignupInput } from './auth';
export { type CampaignQuery, campaignsApi } from './campaigns';
export { ApiError, api, type FieldIssue, isApiError, request, withQuery } from './client';
export * from './flash-sales';
export { Intent, newIdempotencyKey } from './intent';
export * from './orders';
export { seriesApi } from './series';
export * from './types';
export * from './wallet';
