export { type Actor, actorOf, ROLES, type Role, requireRole } from './actor';
export { requireInteractiveSession } from './interactive';
