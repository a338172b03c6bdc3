/** The addresses module's public surface (issue 9, docs/addresses.md): shipping addresses per customer. */
export { checkDivision, type DivisionCheck } from './division';
export type { Address } from './model';
export { shippingAddressSchema } from './responses';
export { addressesRoutes } from './routes';
export { type AddressesDeps, type AddressesService, createAddressesService } from './service';
export type { AddressTables, RegionNames, ShippingAddress } from './tables';
