import type { Config } from '../../../config';
import { createConcurrencyGate } from '../../../platform/concurrency-gate';
import type { Kv, TokenBucket } from '../../../platform/kv';
import type { Admission, AdmissionRequest } from '../admission-seam';
import type { AdmissionTokens } from './admission-token';
import { addressKey } from './client-address';
import { accountTooNew, admissionRequired, type BusyReason, busy } from './errors';

export type FlashSalesSettings = Config['flashSales'];

/** Why a request was turned away before the stock was touched; counted per slot (stats.ts). */
export type AdmissionRefusal = RateReason | 'admission_required' | 'account_too_new';

export interface AdmissionDeps {
  kv: Kv;
  settings: FlashSalesSettings;
  tokens: AdmissionTokens;
  /** When the account was made; cached by accounts, so the hot path runs no SQL for it. */
  accountCreatedAt(userId: string): Promise<Date | null>;
  onRefused?(slotId: string, reason: AdmissionRefusal): void;
}

const HOUR_MS = 3600 * 1000;
type RateReason = Exclude<BusyReason, 'in_flight'>;

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

  /** The buckets that apply, in the order a refusal names them (the most specific first). */
  function bucketsFor(req: AdmissionRequest): Array<{ reason: RateReason; bucket: TokenBucket }> {
    const { policy } = req;
    const tag = `{fs:${req.slotId}}`;
    const rates: Array<[RateReason, number, string]> = [
      [
        'customer_rate',
        policy.customerRatePerSec ?? settings.defaultCustomerRatePerSec,
        `c:${req.customerId}`,
      ],
      ['ip_rate', policy.ipRatePerSec ?? settings.defaultIpRatePerSec, `ip:${addressKey(req.ip)}`],
      ['slot_rate', policy.slotRatePerSec ?? settings.defaultSlotRatePerSec, 's'],
    ];
    // Burst: one second's worth, so a rate is also the most let through in any one second.
    return rates
      .filter(([, rate]) => rate > 0)
      .map(([reason, rate, name]) => ({
        reason,
        bucket: { key: `${tag}:tb:${name}`, ratePerSec: rate, burst: rate },
      }));
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
    const buckets = bucketsFor(req);
    if (buckets.length === 0) return;
    const taken = await kv.takeTokens(buckets.map((b) => b.bucket));
    if (!taken.ok) {
      const reason = buckets[taken.bucket]!.reason;
      refused(slotId, reason);
      throw busy(reason, taken.retryAfterMs);
    }
  }

  return {
    admit,
    // The gate does not know the slot: its refusals are the BUSY answers no bucket explains
    // (stats-reader.ts derives in_flight that way).
    run: (fn) => gate.run(fn),
    refuseEarly: () =>
      gate.stats().active >= settings.maxInFlight ? busy('in_flight', retryHintMs()) : null,
  };
}
