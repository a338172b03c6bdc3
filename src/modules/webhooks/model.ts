import type { DeliveryKind, DeliveryStatus, EndpointStatus } from './tables';

/** Who may have webhook endpoints. */
export const WEBHOOK_ROLES = ['partner', 'merchant', 'operator'] as const;

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  /** Only this campaign's events; null for every campaign the owner may see. */
  campaignId: string | null;
  status: EndpointStatus;
  /** Why and when it was disabled: 'failing' (by the delivery worker) or 'owner'. */
  disabledReason: string | null;
  disabledAt: string | null;
  /** Since when every attempt has failed; null while it is healthy. */
  failingSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  messageId: string;
  kind: DeliveryKind;
  replayOf: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface WebhookAttempt {
  attempt: number;
  at: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseStatus: number | null;
  responseBody: string | null;
  latencyMs: number;
  error: string | null;
}

const S = 1000;
const M = 60 * S;
const H = 60 * M;

/**
 * Delays before the 2nd, 3rd ... attempt: about 28 hours from the first attempt to the last
 * (Svix's schedule). After the last, the delivery is 'failed'.
 */
export const RETRY_DELAYS_MS = [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 10 * H] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Up to +-20 % on each delay, so endpoints that failed together do not all retry together. */
export function retryDelayMs(attemptsMade: number, random: () => number = Math.random): number {
  const base = RETRY_DELAYS_MS[Math.min(attemptsMade - 1, RETRY_DELAYS_MS.length - 1)]!;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * The disabling rule: an endpoint is disabled when a delivery has used all its attempts (so it
 * failed for about a day) and nothing reached the endpoint for at least DISABLE_AFTER_MS, i.e.
 * no attempt succeeded since `failing_since`. One healthy delivery in between resets the clock,
 * so an endpoint that is merely flaky keeps its subscription.
 */
export const DISABLE_AFTER_MS = 24 * H;

export function shouldDisable(failingSince: Date | null, now: Date): boolean {
  return failingSince !== null && now.getTime() - failingSince.getTime() >= DISABLE_AFTER_MS;
}

/** The overlap during which a rotated-out secret still signs (default 24 h, at most 7 days). */
export const DEFAULT_ROTATION_OVERLAP_MS = 24 * H;
export const MAX_ROTATION_OVERLAP_MS = 7 * 24 * H;

/** Longest the request body kept in the delivery log. */
export const LOG_LIMIT = 4096;

export function truncate(text: string, limit = LOG_LIMIT): string {
  if (Buffer.byteLength(text) <= limit) return text;
  return `${Buffer.from(text).subarray(0, limit).toString('utf8')}…[truncated]`;
}
