export { createKeyUsage, installKeyUsageCounting, type KeyUsage, type KeyUsageDay } from './api-key-usage';
export { installActorResolution } from './auth-hook';
export type { ApiKeyInfo, User } from './model';
export { SESSION_COOKIE } from './model';
export {
  type Argon2Params,
  createPasswordHasher,
  DEFAULT_ARGON2,
  defaultHashingLimits,
  type HashingLimits,
  meetsOwaspMinimum,
  type PasswordHasher,
} from './password-hashing';
export { assertStrongPassword, judgePassword, PASSWORD_MIN_LENGTH } from './password-strength';
export { REAUTH_WINDOW_MS, type RecentAuthGuard } from './recent-auth';
export { accountsRoutes } from './routes';
export { type AccountsService, createAccountsService } from './service';
export type { AccountTables } from './tables';
