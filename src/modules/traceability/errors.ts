import { conflict, unprocessable } from '../../platform/errors';

export const traceCodeExists = (code: string) =>
  conflict('TRACE_CODE_EXISTS', `The trace code ${code} is already registered`, { field: 'code', code });
export const invalidLot = (message: string) =>
  unprocessable('INVALID_TRACE_LOT', message, { field: 'lotCode' });
export const skuNotOfStore = (skuId: string) =>
  unprocessable('SKU_NOT_OF_STORE', 'The SKU is not one of this store’s', { field: 'skuId', skuId });
export const eventInFuture = () =>
  unprocessable('EVENT_IN_FUTURE', 'A provenance event cannot have happened in the future', {
    field: 'occurredAt',
  });
