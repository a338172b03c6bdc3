import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config';
import { ManualClock } from '../../../platform/clock';
import { type AppError, isAppError } from '../../../platform/errors';
import { createMemoryKv } from '../../../platform/kv';
import type { AdmissionRequest, SlotAdmissionPolicy } from '../admission-seam';
import { type AdmissionRefusal, createAdmission } from './admission';
import { createAdmissionTokens } from './admission-token';

const settings = { ...loadConfig({}, {}).flashSales, maxInFlight: 2 };
const START = new Date('2026-11-11T00:00:00+08:00');
const policy = (p: Partial<SlotAdmissionPolicy> = {}): SlotAdmissionPolicy => ({
  slotRatePerSec: null,
  customerRatePerSec: null,
  ipRatePerSec: null,
  waitingRoom: false,
  minAccountAgeHours: 0,
  startsAt: START,
  ...p,
});

function setup(created: Record<string, Date> = {}) {
  const clock = new ManualClock(START);
  const kv = createMemoryKv({ clock });
  const tokens = createAdmissionTokens({ secret: async () => 'test-secret', ttlMs: 120_000 });
  const refusals: Array<[string, AdmissionRefusal]> = [];
  const admission = createAdmission({
    kv,
    settings,
    tokens,
    accountCreatedAt: async (id) => created[id] ?? null,
    onRefused: (slot, reason) => refusals.push([slot, reason]),
  });
  const req = (p: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
    slotId: 'fsl_1',
    policy: policy(),
    customerId: 'usr_a',
    ip: '203.0.113.9',
    admissionToken: undefined,
    now: clock.now(),
    ...p,
  });
  return { clock, kv, tokens, admission, refusals, req };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('admitted, expected a refusal');
}

describe('admission control', () => {
  it('a customer over their rate gets 429 BUSY with whole-second Retry-After and the exact wait', async () => {
    const { admission, req, refusals, clock } = setup();
    const p = policy({ customerRatePerSec: 2 });
    await admission.admit(req({ policy: p }));
    await admission.admit(req({ policy: p }));
    const e = await refusal(admission.admit(req({ policy: p })));
    expect(e).toMatchObject({ code: 'BUSY', status: 429 });
    expect(e.details).toMatchObject({ reason: 'customer_rate', retryAfterSeconds: 1 });
    expect(e.details!.retryAfterMs).toBeGreaterThanOrEqual(1);
    expect(e.details!.retryAfterMs).toBeLessThanOrEqual(500);
    expect(refusals).toEqual([['fsl_1', 'customer_rate']]);
    // Another customer is not held back by this one.
    await admission.admit(req({ policy: p, customerId: 'usr_b' }));
    clock.advance(500);
    await admission.admit(req({ policy: p }));
  });

  it('per-IP and per-slot buckets; a refused customer does not drain the slot', async () => {
    const { admission, req } = setup();
    const p = policy({ ipRatePerSec: 3, slotRatePerSec: 5, customerRatePerSec: 1 });
    await admission.admit(req({ policy: p, customerId: 'c1' }));
    // c1 is over its own rate: refused without a slot token taken.
    for (let i = 0; i < 5; i++)
      expect((await refusal(admission.admit(req({ policy: p, customerId: 'c1' })))).details).toMatchObject({
        reason: 'customer_rate',
      });
    await admission.admit(req({ policy: p, customerId: 'c2' }));
    await admission.admit(req({ policy: p, customerId: 'c3' }));
    expect((await refusal(admission.admit(req({ policy: p, customerId: 'c4' })))).details).toMatchObject({
      reason: 'ip_rate',
    });
    await admission.admit(req({ policy: p, customerId: 'c4', ip: '198.51.100.1' }));
    await admission.admit(req({ policy: p, customerId: 'c5', ip: '198.51.100.2' }));
    // Five slot tokens went to c1..c5: the sixth customer meets the slot's rate.
    expect(
      (await refusal(admission.admit(req({ policy: p, customerId: 'c6', ip: '198.51.100.3' })))).details,
    ).toMatchObject({
      reason: 'slot_rate',
    });
  });

  it('buckets are per slot', async () => {
    const { admission, req } = setup();
    const p = policy({ customerRatePerSec: 1 });
    await admission.admit(req({ policy: p }));
    await admission.admit(req({ policy: p, slotId: 'fsl_2' }));
    expect((await refusal(admission.admit(req({ policy: p })))).code).toBe('BUSY');
  });

  it('the in-flight cap refuses at once instead of queueing', async () => {
    const { admission } = setup();
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const running = [admission.run(() => held), admission.run(() => held)];
    const started = performance.now();
    const e = await refusal(admission.run(async () => 'never'));
    expect(performance.now() - started).toBeLessThan(5);
    expect(e).toMatchObject({ code: 'BUSY', details: { reason: 'in_flight', retryAfterSeconds: 1 } });
    release();
    await Promise.all(running);
    expect(await admission.run(async () => 'ok')).toBe('ok');
  });

  it('an account younger than the slot asks is refused 403 ACCOUNT_TOO_NEW, saying when it may', async () => {
    const { admission, req, refusals } = setup({
      usr_old: new Date(START.getTime() - 49 * 3600_000),
      usr_new: new Date(START.getTime() - 47 * 3600_000),
    });
    const p = policy({ minAccountAgeHours: 48 });
    await admission.admit(req({ policy: p, customerId: 'usr_old' }));
    const e = await refusal(admission.admit(req({ policy: p, customerId: 'usr_new' })));
    expect(e).toMatchObject({
      code: 'ACCOUNT_TOO_NEW',
      status: 403,
      details: { minAccountAgeHours: 48, eligibleAt: new Date(START.getTime() + 3600_000).toISOString() },
    });
    expect(refusals).toEqual([['fsl_1', 'account_too_new']]);
  });

  it('a waiting-room slot needs a valid token of this customer for this slot', async () => {
    const { admission, req, tokens, clock } = setup();
    const p = policy({ waitingRoom: true });
    expect(await refusal(admission.admit(req({ policy: p })))).toMatchObject({
      code: 'ADMISSION_REQUIRED',
      status: 403,
      details: { reason: 'missing' },
    });
    const { token } = await tokens.issue('fsl_1', 'usr_a', clock.now());
    await admission.admit(req({ policy: p, admissionToken: token }));
    const other = await refusal(
      admission.admit(req({ policy: p, admissionToken: token, customerId: 'usr_b' })),
    );
    expect(other.details).toMatchObject({ reason: 'invalid' });
    const slot = await refusal(admission.admit(req({ policy: p, admissionToken: token, slotId: 'fsl_2' })));
    expect(slot.details).toMatchObject({ reason: 'invalid' });
    const forged = `${Date.now() + 3600_000}.${token.split('.')[1]}`;
    expect(
      (await refusal(admission.admit(req({ policy: p, admissionToken: forged })))).details,
    ).toMatchObject({
      reason: 'invalid',
    });
    expect(
      (await refusal(admission.admit(req({ policy: p, admissionToken: 'junk' })))).details,
    ).toMatchObject({
      reason: 'invalid',
    });
    clock.advance(120_000);
    expect(
      (await refusal(admission.admit(req({ policy: p, admissionToken: token, now: clock.now() })))).details,
    ).toMatchObject({ reason: 'expired' });
  });
});
