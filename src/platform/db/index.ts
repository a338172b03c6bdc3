export type { DB } from '../../schema';
export { type Database, type DatabaseKind, openDatabase } from './connect';
export { escapeLike, ilikeContains } from './like';
export { migrateToLatest } from './migrate';
