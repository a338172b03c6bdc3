/** The charity module's public surface (docs/charity.md): charities, projects, 公益宝贝, donations, disbursements. */
export { accrueSubOrder } from './accrual';
export { creditCodeCheck, type DonationLog, donationFor, isValidCreditCode, quarterOf } from './model';
export { charityRoutes } from './routes';
export { type CharityDeps, type CharityService, createCharityService } from './service';
export type { CharityTables } from './tables';
