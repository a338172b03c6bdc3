export { installActorResolution } from './auth-hook';
export type { ApiKeyInfo, User } from './model';
export { SESSION_COOKIE } from './model';
export { accountsRoutes } from './routes';
export { type AccountsService, createAccountsService } from './service';
export type { AccountTables } from './tables';
