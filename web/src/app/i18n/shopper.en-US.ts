import type { shopperZhCN } from './shopper.zh-CN';

/** Shopper: addresses, the coupon centre, campaign states, sign-in to check out (issue 9). */
export const shopperEnUS: Record<keyof typeof shopperZhCN, string> = {
  'nav.addresses': 'Addresses',
  'shopper.error.INVALID_DIVISION': 'The province, city and district do not match: pick them again',
  'shopper.error.ADDRESS_BOOK_FULL': 'You can keep at most {max} addresses: delete one you no longer use',
  'shopper.error.ADDRESS_NOT_FOUND': 'This address no longer exists: pick another',
  'shopper.error.VALIDATION_FAILED': 'Something in the form is not right: check it and try again',
  'shopper.error.CAMPAIGN_NOT_LIVE': 'This event is not on now: nothing can be added to the cart',
  'shopper.error.SKU_NOT_IN_VENUE': 'This item is not sold in this venue',
  'shopper.error.COUPON_SOLD_OUT': 'All of these coupons have been claimed',
  'shopper.error.CLAIM_LIMIT_REACHED': 'At most {perCustomerLimit} per customer: you have claimed yours',
  'shopper.error.CLAIM_WINDOW_CLOSED': 'This coupon cannot be claimed at this time',
  'shopper.error.COUPON_PAUSED': 'The issuer has paused this coupon',
  'shopper.error.RATE_LIMITED': 'Too many requests: try again shortly',
  'shopper.error.NETWORK': 'No connection: check your network and try again',
  'shopper.error.other': 'That did not work: please try again later',
};
