export { type Database, type DatabaseKind, openDatabase } from './connect';
export { migrateToLatest } from './migrate';
export type { DB } from '../../schema';
