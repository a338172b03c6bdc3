import { conflict, unprocessable } from '../../platform/errors';
import type { PricedCart } from '../pricing';

/** The refusals of checkout, payment and the order lifecycle, each with a stable code. */

export const cartEmpty = (campaignId: string) =>
  unprocessable('CART_EMPTY', 'The cart of this campaign is empty', { field: 'campaignId', campaignId });

export const cartFull = (max: number) =>
  unprocessable('CART_FULL', `A cart holds at most ${max} different SKUs`, { field: 'skuId', max });

export const skuNotInVenue = (skuId: string, field = 'skuId') =>
  unprocessable('SKU_NOT_IN_VENUE', `${field}: ${skuId} is not on sale in this campaign`, {
    field,
    sku: skuId,
  });

export const presaleMixed = (presaleSkus: string[], otherSkus: string[]) =>
  unprocessable(
    'PRESALE_CART_MIXED',
    'Pre-sale items are checked out on their own: remove the other items or the pre-sale ones',
    { presaleSkus, otherSkus },
  );

export const campaignNotLive = (campaignId: string, status: string) =>
  conflict('CAMPAIGN_NOT_LIVE', 'This campaign is not selling now', { campaignId, status });

export const soldOut = (skuId: string, what: 'campaign_stock' | 'stock') =>
  conflict('SOLD_OUT', `SKU ${skuId} is sold out`, { sku: skuId, field: 'skuId', stock: what });

export const priceChanged = (expectedTotal: number, quote: PricedCart) =>
  conflict('PRICE_CHANGED', `The total is now ${quote.total}, not ${expectedTotal}; confirm the new price`, {
    field: 'expectedTotal',
    expectedTotal,
    total: quote.total,
    quote,
  });

export const insufficientFunds = (amount: number) =>
  conflict('INSUFFICIENT_FUNDS', 'Not enough in the wallet to pay this order', { amount });

export const orderNotPayable = (orderId: string, status: string) =>
  conflict('ORDER_NOT_PAYABLE', `Order ${orderId} is ${status}: nothing to pay`, { orderId, status });

export const paymentWindowClosed = (orderId: string, deadline: string) =>
  conflict('PAYMENT_WINDOW_CLOSED', `The time to pay order ${orderId} ended at ${deadline}`, {
    orderId,
    deadline,
  });

export const balanceNotDue = (orderId: string, from: string) =>
  conflict('BALANCE_NOT_DUE', `The balance of order ${orderId} can be paid from ${from}`, {
    orderId,
    balanceDueFrom: from,
  });

export const invalidTransition = (id: string, from: string, to: string) =>
  conflict('INVALID_TRANSITION', `Cannot go from ${from} to ${to}`, { id, from, to });

export const orderNotCancellable = (orderId: string, status: string) =>
  conflict(
    'ORDER_NOT_CANCELLABLE',
    status === 'paid'
      ? 'A paid order is cancelled by a refund request'
      : `Order ${orderId} is ${status} and cannot be cancelled`,
    { orderId, status },
  );
