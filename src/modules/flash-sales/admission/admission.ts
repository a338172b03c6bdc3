import type { Config } from '../../../config';
import { createConcurrencyGate } from '../../../platform/concurrency-gate';
import type { Kv, TokenBucket } from '../../../platform/kv';
import type { Admission, AdmissionRequest } from '../admission-seam';
import type { AdmissionTokens } from './admission-token';
import { accountTooNew, admissionRequired, type BusyReason, busy } from './errors';

export type FlashSalesSettings = Config['flashSales'];

/** Why a request was turned away before the stock was touched; counted per slot (stats.ts). */
export type AdmissionRefusal = Exclude<BusyReason, 'in_flight'> | 'admission_required' | 'account_too_new';

export interface AdmissionDeps {
  kv: Kv;
  settings: FlashSalesSettings;
  tokens: AdmissionTokens;
  /** When the account was made; cached by accounts, so the hot path runs no SQL for it. */
  accountCreatedAt(userId: string): Promise<Date | null>;
  onRefused?(slotId: string, reason: AdmissionRefusal): void;
}

const HOUR_MS = 3600 * 1000;
const BUCKET_REASONS: Exclude<BusyReason, 'in_flight'>[] = ['customer_rate', 'ip_rate', 'slot_rate'];

/**
 * Admission control in the spirit of Alibaba Sentinel: every check either lets the request
 * through or refuses it at once; nothing waits in a queue that grows with the crowd.
 *
 * In order, cheapest first: the per-process in-flight cap (`run`, no I/O); the waiting-room
 * token (one HMAC); the account age (an in-process cache); then one KV call that takes a token
 * from the customer's, the IP's and the slot's bucket together or from none (so a customer
 * over their own rate does not drain the slot's). All three buckets sit under the slot's hash
 * tag: one Redis Cluster shard, one round trip.
 */
export function createAdmission(deps: AdmissionDeps): Admission {
  const { kv, settings, tokens } = deps;
  const refused = (slotId: string, reason: AdmissionRefusal) => deps.onRefused?.(slotId, reason);
  // A spread of retry hints, so a shed crowd does not come back in one wave.
  const retryHintMs = () => 100 + Math.floor(Math.random() * 200);
  const gate = createConcurrencyGate({
    limit: settings.maxInFlight,
    maxQueue: 0,
    maxWaitMs: 1000,
    refuse: () => busy('in_flight', retryHintMs()),
  });

  function bucketsFor(req: AdmissionRequest): TokenBucket[] {
    const { policy } = req;
    const tag = `{fs:${req.slotId}}`;
    const customer = policy.customerRatePerSec ?? settings.defaultCustomerRatePerSec;
    const ip = policy.ipRatePerSec ?? settings.defaultIpRatePerSec;
    const slot = policy.slotRatePerSec ?? settings.defaultSlotRatePerSec;
    // Burst: one second's worth, so a rate is also the most let through in any one second.
    return [
      { key: `${tag}:tb:c:${req.customerId}`, ratePerSec: customer, burst: customer },
      { key: `${tag}:tb:ip:${req.ip}`, ratePerSec: ip, burst: ip },
      { key: `${tag}:tb:s`, ratePerSec: slot, burst: slot },
    ];
  }

  async function admit(req: AdmissionRequest): Promise<void> {
    const { policy, slotId } = req;
    if (policy.waitingRoom) {
      const verdict = await tokens.verify(req.admissionToken, slotId, req.customerId, req.now);
      if (verdict !== 'ok') {
        refused(slotId, 'admission_required');
        throw admissionRequired(verdict);
      }
    }
    if (policy.minAccountAgeHours > 0) {
      const createdAt = await deps.accountCreatedAt(req.customerId);
      const eligibleAt = new Date((createdAt ?? req.now).getTime() + policy.minAccountAgeHours * HOUR_MS);
      if (!createdAt || eligibleAt.getTime() > req.now.getTime()) {
        refused(slotId, 'account_too_new');
        throw accountTooNew(policy.minAccountAgeHours, eligibleAt);
      }
    }
    const taken = await kv.takeTokens(bucketsFor(req));
    if (!taken.ok) {
      const reason = BUCKET_REASONS[taken.bucket]!;
      refused(slotId, reason);
      throw busy(reason, taken.retryAfterMs);
    }
  }

  return {
    admit,
    // The gate does not know the slot: its refusals are the BUSY answers no bucket explains
    // (stats.ts derives in_flight that way).
    run: (fn) => gate.run(fn),
  };
}
