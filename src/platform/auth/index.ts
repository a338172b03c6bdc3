export { type Actor, actorGuard, actorOf, isActorGuard, ROLES, type Role, requireRole } from './actor';
export { installGuardOrder } from './guard-order';
export { requireInteractiveSession } from './interactive';
