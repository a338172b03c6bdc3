export type { DB } from '../../schema';
export { type Database, type DatabaseKind, openDatabase } from './connect';
export { migrateToLatest } from './migrate';
