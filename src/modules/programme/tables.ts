import type { Timestamp } from '../../platform/db/tables';

/** A conference's track (migration 0027): read by the call for proposals and the schedule. */
export interface ConfTracksTable {
  id: string;
  event_id: string;
  name_zh: string;
  name_en: string;
  color: string;
  position: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProgrammeTables {
  conf_tracks: ConfTracksTable;
}
