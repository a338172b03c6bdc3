import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from '../../platform/db/tables';
import type { ScanAnswer } from './model';

type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type CheckinListKind = 'event' | 'day' | 'workshop';
export type ScanResult = 'admitted' | 'duplicate' | 'refused';
export type ScanMode = 'online' | 'offline';

export interface CheckinListsTable {
  id: string;
  event_id: string;
  name: string;
  kind: CheckinListKind;
  type_ids: Json<string[]>;
  valid_days: Json<string[]>;
  allow_reentry: Defaulted<boolean>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Defaulted<number>;
}

export interface CheckinStaffTable {
  event_id: string;
  user_id: string;
  added_by: string;
  created_at: Timestamp;
}

export interface CheckinScansTable {
  id: string;
  list_id: string;
  event_id: string;
  ticket_id: string | null;
  device_id: string;
  client_scan_id: string;
  staff_id: string;
  scanned_at: Timestamp;
  recorded_at: Timestamp;
  mode: ScanMode;
  result: ScanResult;
  reason: string | null;
  answer: Json<ScanAnswer>;
}

export interface CheckinEntriesTable {
  list_id: string;
  ticket_id: string;
  type_id: string;
  first_scan_id: string;
  first_scanned_at: Timestamp;
  first_device_id: string;
}

export interface CheckinTables {
  checkin_lists: CheckinListsTable;
  checkin_staff: CheckinStaffTable;
  checkin_scans: CheckinScansTable;
  checkin_entries: CheckinEntriesTable;
}
