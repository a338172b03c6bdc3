import { AppError, conflict, notFound, unprocessable } from '../../platform/errors';

/** The conditional write found too little in a non-negative account; the caller's transaction must roll back. */
export const insufficientFunds = (account: string, change: number) =>
  conflict('INSUFFICIENT_FUNDS', `Insufficient funds in ${account}`, { account, change });

/** The posting itself is wrong (unbalanced, zero amount, unknown account...): a programming error upstream. */
export const invalidPosting = (message: string, details?: Record<string, unknown>) =>
  unprocessable('INVALID_POSTING', message, details);

export const unknownAccount = (code: string) =>
  unprocessable('UNKNOWN_ACCOUNT', `Not a well-known ledger account code: ${code}`, { account: code });

/** Another transaction with the same idempotency key committed (or is committing) concurrently: retry. */
export const idempotencyInFlight = (key: string) =>
  conflict('IDEMPOTENCY_CONFLICT', 'A posting with this idempotency key is in flight; retry', {
    idempotencyKey: key,
  });

/** The key was used before for a different posting. */
export const idempotencyKeyReused = (key: string, txnId: string) =>
  new AppError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used for a different posting', 422, {
    idempotencyKey: key,
    txnId,
  });

export const alreadyReversed = (txnId: string) =>
  conflict('ALREADY_REVERSED', `Transaction ${txnId} is already reversed`, { txnId });

export const transactionNotFound = (txnId: string) => notFound('Ledger transaction', txnId);
