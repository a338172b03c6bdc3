import { z } from 'zod';
import { fen, isoInstant, type SameType } from '../../platform/http/api-schemas';
import type { DemoCreditResult } from './demo-credit';
import type { TopUp, TopUpStatus } from './model';
import type { NotificationOutcome } from './service';

export const TOP_UP_STATUSES = [
  'pending',
  'succeeded',
  'failed',
  'expired',
  'refunding',
  'refunded',
] as const satisfies readonly TopUpStatus[];

/** A wallet top-up through a hosted payment gateway (POST /api/wallet/top-ups and the ones after it). */
export const walletTopUpSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    amount: fen(),
    currency: z.string().describe('ISO 4217, e.g. CNY'),
    status: z
      .enum(TOP_UP_STATUSES)
      .describe('pending until the gateway confirms; succeeded credits the wallet; refunded sent it back'),
    gateway: z.string().describe('The gateway charged through, e.g. sandbox'),
    chargeId: z.string().nullable().describe("The gateway's charge, once created"),
    redirectUrl: z.string().nullable().describe("The gateway's hosted page to pay on"),
    failureCode: z.string().nullable(),
    createdAt: isoInstant(),
    updatedAt: isoInstant(),
  })
  .meta({
    id: 'WalletTopUp',
    example: {
      id: 'tpu_01J8Z3',
      customerId: 'usr_01J8Z3',
      amount: 10000,
      currency: 'CNY',
      status: 'pending',
      gateway: 'sandbox',
      chargeId: 'ch_01J8Z3',
      redirectUrl: '/sandbox-gateway/pay/ch_01J8Z3',
      failureCode: null,
      createdAt: '2026-11-11T00:00:00.000Z',
      updatedAt: '2026-11-11T00:00:00.000Z',
    },
  });
type _TopUpMatches = SameType<z.infer<typeof walletTopUpSchema>, TopUp>;

export const topUpAnswerSchema = z.object({ topUp: walletTopUpSchema });

/** What a gateway gets back for a notification it may stop retrying. */
export const notificationOutcomeSchema = z.object({
  received: z.literal(true),
  topUpId: z.string(),
  status: z.enum(TOP_UP_STATUSES),
  credited: z.boolean().describe('False for a repeat of a notification already acted on: nothing moved'),
});
type _OutcomeMatches = SameType<z.infer<typeof notificationOutcomeSchema>, NotificationOutcome>;

export const demoCreditAnswerSchema = z.object({
  demoCredit: z.object({
    txnId: z.string().describe('The ledger transaction'),
    amount: fen(),
    total: fen().describe('All demo credit this customer has received, this one included'),
    replayed: z.boolean(),
  }),
});
type _DemoCreditMatches = SameType<z.infer<typeof demoCreditAnswerSchema>['demoCredit'], DemoCreditResult>;
