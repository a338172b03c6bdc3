import { AppError, conflict, unprocessable } from '../../platform/errors';

/** The refusals of the address book, each with a stable code and the field it concerns. */

export const invalidDivision = (field: 'provinceCode' | 'cityCode' | 'districtCode') =>
  unprocessable('INVALID_DIVISION', `${field} is not a division of the one above it`, { field });

export const addressBookFull = (max: number) =>
  conflict('ADDRESS_BOOK_FULL', `An address book holds at most ${max} addresses`, { max });

/** 404, naming the field that carried the id (`addressId` at checkout). */
export const addressNotFound = (id: string, field = 'id') =>
  new AppError('ADDRESS_NOT_FOUND', 'No such address in your address book', 404, { id, field });
