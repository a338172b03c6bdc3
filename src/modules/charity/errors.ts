import { conflict, unprocessable } from '../../platform/errors';

export const charityNotVerified = (charityId: string) =>
  conflict('CHARITY_NOT_VERIFIED', 'Only a verified charity receives money', { charityId });
export const projectNotFundraising = (projectId: string, status: string) =>
  conflict('PROJECT_NOT_FUNDRAISING', 'The project is not fundraising', { projectId, status });
export const escrowInsufficient = (projectId: string, amount: number) =>
  conflict('ESCROW_INSUFFICIENT', 'The project’s escrow holds less than this disbursement', {
    projectId,
    amount,
    field: 'amount',
  });
export const invalidCreditCode = () =>
  unprocessable('INVALID_CREDIT_CODE', 'The unified social credit code fails its GB 32100-2015 check', {
    field: 'creditCode',
  });
export const duplicateCreditCode = () =>
  conflict('CHARITY_EXISTS', 'A charity with this unified social credit code is registered', {
    field: 'creditCode',
  });
export const invalidRule = (message: string, field: string) =>
  unprocessable('INVALID_DONATION_RULE', message, { field });
