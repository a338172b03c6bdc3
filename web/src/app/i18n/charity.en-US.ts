import type { charityZhCN } from './charity.zh-CN';

/** Charity in English (US): the same keys as charity.zh-CN.ts. */
export const charityEnUS: Record<keyof typeof charityZhCN, string> = {
  'nav.charity': 'Charity',
  'nav.footprint': 'My donations',
  'charity.error.INVALID_CREDIT_CODE': 'The unified social credit code’s check character is wrong',
  'charity.error.CHARITY_EXISTS': 'A charity with this unified social credit code is registered already',
  'charity.error.CHARITY_NOT_VERIFIED': 'This charity is not verified yet and cannot receive money',
  'charity.error.PROJECT_NOT_FUNDRAISING': 'This project is not fundraising',
  'charity.error.INVALID_DONATION_RULE': 'The donation rule is out of bounds',
  'charity.error.ESCROW_INSUFFICIENT': 'The project’s escrow holds less than this disbursement',
  'charity.error.NOT_FOUND': 'No such charity record',
  'charity.error.other': 'Charity is unavailable right now; try again later',
};
