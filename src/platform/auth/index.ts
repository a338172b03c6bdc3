export { type Actor, actorGuard, actorOf, isActorGuard, ROLES, type Role, requireRole } from './actor';
export { installGuardOrder } from './guard-order';
export { requireInteractiveSession } from './interactive';
export { installKeyResourceLimits, keyAllowsStore, keyStoreFilter } from './key-resources';
export { installScopeGuards, SCOPE_EXTENSION, withScopeInDocs } from './scope-guard';
export {
  type ApiKeyGrant,
  isScope,
  READ_SCOPES,
  type RouteScope,
  SCOPE_NAMES,
  SCOPES,
  type Scope,
} from './scopes';
