export type { DB } from '../../schema';
export { BOOTSTRAP_LOCK_KEY, withBootstrapLock } from './bootstrap-lock';
export { type Database, type DatabaseKind, openDatabase } from './connect';
export { escapeLike, ilikeContains } from './like';
export { migrateToLatest } from './migrate';
export { buildPgliteTemplate } from './pglite-template';
