import type { Timestamp } from '../../platform/db/tables';

export interface TransparencyHeadsTable {
  log: string;
  size: number;
}

export interface TransparencyEntriesTable {
  log: string;
  idx: number;
  /** Canonical JSON (src/verify/canonical.ts); its UTF-8 bytes are the leaf data. */
  record: string;
  leaf_hash: string;
  created_at: Timestamp;
}

export interface TransparencyCheckpointsTable {
  log: string;
  size: number;
  root_hash: string;
  /** The signed note exactly as published. */
  note: string;
  created_at: Timestamp;
}

export interface TransparencyTables {
  transparency_heads: TransparencyHeadsTable;
  transparency_entries: TransparencyEntriesTable;
  transparency_checkpoints: TransparencyCheckpointsTable;
}
