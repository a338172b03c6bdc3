import { expect } from 'vitest';
import type { Harness } from '../../../test/support/harness';
import { http, type SignedIn } from '../orders/test-fixtures';

/**
 * Test helpers (not part of the public surface): a verified charity with a fundraising
 * project, made over HTTP as an operator would, and a sub-order walked to completion.
 */

/** GB 32100-2015 codes whose check characters are right (see model.test.ts). */
export const VALID_CREDIT_CODES = [
  '53100000500021676K',
  '53330000MJ8745021H',
  '531100005000000409',
  '5311000050000004A8',
  '91350100M000100Y43',
];

let keyN = 0;
const key = () => `charity-fixture-${++keyN}`;

export function charityDraft(creditCode: string, name = '乡村儿童基金会') {
  return {
    nameZh: name,
    nameEn: 'Rural Children Foundation',
    creditCode,
    publicFundraising: true,
    contact: { name: '王老师', phone: '010-12345678', email: 'contact@charity.test' },
    bankAccount: '中国银行 北京分行 1234 5678 9012',
  };
}

export function projectDraft(charityId: string) {
  return {
    charityId,
    titleZh: '山区学校午餐',
    titleEn: 'School lunches in the mountains',
    description: '为云南山区小学提供营养午餐',
    targetAmount: 10_000_000,
    beneficiaries: '云南怒江 12 所小学的 1,800 名学生',
    region: '云南怒江',
    startsOn: '2026-10-01',
    endsOn: '2027-09-30',
  };
}

/** A charity registered and verified, and a project of it open for donations. */
export async function verifiedProject(
  h: Harness,
  operator: SignedIn,
  creditCode: string,
): Promise<{ charityId: string; projectId: string }> {
  const call = http(h);
  const reg = await call('POST', '/api/admin/charities', operator, charityDraft(creditCode), key());
  expect(reg.statusCode, reg.body).toBe(201);
  const charityId = reg.json().charity.id as string;
  const v = await call('POST', `/api/admin/charities/${charityId}/verification`, operator, {
    decision: 'verify',
    reason: '资质审核通过',
  });
  expect(v.statusCode, v.body).toBe(200);
  const p = await call('POST', '/api/admin/charity-projects', operator, projectDraft(charityId), key());
  expect(p.statusCode, p.body).toBe(201);
  const projectId = p.json().project.id as string;
  const open = await call('POST', `/api/admin/charity-projects/${projectId}/status`, operator, {
    status: 'fundraising',
    reason: '开始募捐',
  });
  expect(open.statusCode, open.body).toBe(200);
  return { charityId, projectId };
}

/** Ships and delivers a sub-order as its store's merchant; `confirm` has the buyer complete it. */
export async function deliver(h: Harness, merchant: SignedIn, subOrderId: string) {
  const call = http(h);
  const s = await call('POST', `/api/sub-orders/${subOrderId}/ship`, merchant, {
    carrier: 'SF',
    trackingNumber: `SF${subOrderId.slice(-8)}`,
  });
  expect(s.statusCode, s.body).toBe(200);
  const d = await call('POST', `/api/sub-orders/${subOrderId}/deliver`, merchant, {});
  expect(d.statusCode, d.body).toBe(200);
}

export async function confirm(h: Harness, consumer: SignedIn, subOrderId: string) {
  const c = await http(h)('POST', `/api/sub-orders/${subOrderId}/confirm`, consumer, {});
  expect(c.statusCode, c.body).toBe(200);
}
